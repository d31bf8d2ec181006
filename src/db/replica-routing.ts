import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import { parseLsn } from './replica-lag.ts';
import type { ShardTables } from './schema.ts';
import { ShardReplica, type ReplicaPolicy, type ReplicaStatus } from './shard-replica.ts';

/** An LSN no replica reaches: a write whose position could not be read pins its tenant for the full bound. */
const UNREACHABLE_LSN = 2n ** 64n - 1n;

/**
 * The streaming replicas of every shard and which one serves a tenant's staleness-tolerant reads: the first
 * replica that is up, within the lag bound, and has replayed the tenant's last write this process saw.
 */
export class ReplicaRouting {
  readonly #replicas = new Map<number, ShardReplica[]>();

  constructor(
    private readonly primaryOf: (shardId: number) => Database<ShardTables>,
    private readonly policy: ReplicaPolicy,
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

  /** A replica for `tenantId`'s staleness-tolerant reads on `shardId`, or undefined: use the primary. */
  readerFor(shardId: number, tenantId: string): Kysely<ShardTables> | undefined {
    return this.#replicas.get(shardId)?.find((replica) => replica.servesTenant(tenantId))?.db;
  }

  /**
   * Records that `tenantId` just wrote on `shardId` (its transactions committed): its reads stay on the
   * primary until a replica has replayed past the primary's current WAL position.
   */
  async noteWrite(shardId: number, tenantId: string): Promise<void> {
    const replicas = this.#replicas.get(shardId);
    if (!replicas) return;
    const lsn = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`
      .execute(this.primaryOf(shardId).db)
      .then((result) => parseLsn(result.rows[0]!.lsn))
      .catch(() => UNREACHABLE_LSN);
    for (const replica of replicas) replica.pin(tenantId, lsn);
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
