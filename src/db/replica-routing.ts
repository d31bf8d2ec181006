import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import { parseLsn } from './replica-lag.ts';
import type { ShardTables } from './schema.ts';
import { ShardReplica, type ReplicaPolicy, type ReplicaStatus } from './shard-replica.ts';
import type { SharedWritePins } from './shared-write-pins.ts';

/**
 * An LSN no replica reaches, for a write whose position is unknown: not read from the primary (its tenant is
 * pinned for the full bound), or a shared pin Redis could not answer (that read goes to the primary).
 */
const UNREACHABLE_LSN = 2n ** 64n - 1n;

/**
 * The streaming replicas of every shard and which one serves a tenant's staleness-tolerant reads: the first
 * replica that is up, within the lag bound, and has replayed the tenant's last write this process saw and,
 * with `sharedPins` (Redis), the last write any process saw.
 */
export class ReplicaRouting {
  readonly #replicas = new Map<number, ShardReplica[]>();

  constructor(
    private readonly primaryOf: (shardId: number) => Database<ShardTables>,
    private readonly policy: ReplicaPolicy,
    private readonly sharedPins?: SharedWritePins,
  ) {}

  /** Replaces shard `shardId`'s replicas with `urls` (none: its reads all go to the primary). */
  async set(shardId: number, urls: readonly string[]): Promise<void> {
    const old = this.#replicas.get(shardId) ?? [];
    const replicas = urls.map(
      (url) => new ShardReplica(shardId, url, () => this.primaryOf(shardId), this.policy),
    );
    for (const replica of replicas) replica.start();
    if (replicas.length > 0) this.#replicas.set(shardId, replicas);
    else this.#replicas.delete(shardId);
    await Promise.all(old.map((replica) => replica.close()));
  }

  /**
   * A replica for `tenantId`'s staleness-tolerant reads on `shardId`, or undefined: use the primary. Only when
   * this process would pick a replica is the shared pin read; if it cannot be (Redis down), the primary serves.
   */
  async readerFor(shardId: number, tenantId: string): Promise<Kysely<ShardTables> | undefined> {
    const serving = this.#replicas.get(shardId)?.filter((replica) => replica.servesTenant(tenantId)) ?? [];
    if (serving.length === 0 || !this.sharedPins) return serving[0]?.db;
    const lsn = await this.sharedPins.lastWrite(shardId, tenantId).catch(() => UNREACHABLE_LSN);
    if (lsn === undefined) return serving[0]!.db;
    return serving.find((replica) => replica.hasReplayed(lsn))?.db;
  }

  /**
   * Records that `tenantId` just wrote on `shardId` (its transactions committed): its reads stay on the
   * primary until a replica has replayed past the primary's current WAL position. The shared pin is set
   * before this resolves; it rejects when that failed (this process's pin holds regardless).
   */
  async noteWrite(shardId: number, tenantId: string): Promise<void> {
    const replicas = this.#replicas.get(shardId);
    if (!replicas) return;
    const lsn = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`
      .execute(this.primaryOf(shardId).db)
      .then((result) => parseLsn(result.rows[0]!.lsn))
      .catch(() => UNREACHABLE_LSN);
    for (const replica of replicas) replica.pin(tenantId, lsn);
    await this.sharedPins?.record(shardId, tenantId, lsn, this.policy.pinMs);
  }

  /** Probes every replica now (instead of waiting for the next poll). */
  async probeAll(): Promise<void> {
    await Promise.all([...this.#replicas.values()].flat().map((replica) => replica.probe()));
  }

  /** Every replica's health and lag. */
  status(): ReplicaStatus[] {
    return [...this.#replicas.values()].flat().map((replica) => replica.status());
  }

  /** Stops every probe and closes the replica pools. */
  async close(): Promise<void> {
    const all = [...this.#replicas.values()].flat();
    this.#replicas.clear();
    await Promise.all(all.map((replica) => replica.close()));
  }
}
