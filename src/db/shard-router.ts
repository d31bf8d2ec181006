import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { ReplicaRouting } from './replica-routing.ts';
import type { ReplicaStatus } from './shard-replica.ts';
import type { ControlTables, ShardTables } from './schema.ts';

/** Number of logical buckets tenants hash into; physical shards own ranges of buckets. */
export const BUCKET_COUNT = 4096;

/** A tenant's bucket: the first 4 bytes of md5(tenant id text) as an unsigned int, mod 4096 (same as SQL `tenant_bucket`). */
export function bucketOf(tenantId: string): number {
  return createHash('md5').update(tenantId.toLowerCase()).digest().readUInt32BE(0) % BUCKET_COUNT;
}

/** Thrown when the shard directory names a shard this process has no connection for. */
export class ShardDirectoryError extends Error {}

/**
 * Routes every tenant-owned query to the tenant's physical shard (bucket map + per-tenant overrides). Each
 * `load` first runs `syncShards` (the endpoint follower: opens shards added by `shard add`, repoints moved ones).
 */
export class ShardRouter {
  private readonly bucketToShard = new Int32Array(BUCKET_COUNT).fill(-1);
  private placements = new Map<string, number>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly control: Kysely<ControlTables>,
    private readonly shards: Map<number, Database<ShardTables>>,
    private readonly syncShards?: () => Promise<void>,
    private readonly replicas?: ReplicaRouting,
  ) {}

  /**
   * Creates the shard rows and assigns unassigned buckets round-robin; existing assignments never move. Every
   * start calls it, so the 4096-row insert runs only while some bucket is still unassigned (a fresh directory).
   */
  async initDirectory(): Promise<void> {
    const ids = [...this.shards.keys()];
    await this.control.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('construction-ai:shard-directory'))`.execute(trx);
      for (const id of ids) {
        await trx
          .insertInto('shards')
          .values({ id, name: `shard_${id}` })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM buckets`.execute(trx);
      if (rows[0]!.n === BUCKET_COUNT) return;
      await sql`INSERT INTO buckets (bucket, shard_id)
        SELECT b, (${sql.val(ids)}::int[])[b % ${ids.length} + 1] FROM generate_series(0, ${BUCKET_COUNT - 1}) AS b
        ON CONFLICT DO NOTHING`.execute(trx);
    });
  }

  /** Loads the bucket map and overrides; call at start, then `startRefresh` keeps them current. */
  async load(): Promise<void> {
    await this.syncShards?.();
    const buckets = await this.control.selectFrom('buckets').select(['bucket', 'shard_id']).execute();
    for (const row of buckets) this.bucketToShard[row.bucket] = row.shard_id;
    const overrides = await this.control
      .selectFrom('tenant_placement')
      .select(['tenant_id', 'shard_id'])
      .execute();
    this.placements = new Map(overrides.map((row) => [row.tenant_id, row.shard_id]));
    const unknown = [...new Set([...buckets.map((b) => b.shard_id), ...this.placements.values()])].filter(
      (id) => !this.shards.has(id),
    );
    if (unknown.length > 0)
      throw new ShardDirectoryError(`no connection configured for shard(s) ${unknown.join(', ')}`);
  }

  /** Reloads the directory periodically so placement changes made elsewhere reach this process. */
  startRefresh(intervalMs = 30_000): void {
    this.refreshTimer = setInterval(() => {
      this.refreshing = this.load().catch(() => undefined);
    }, intervalMs);
    this.refreshTimer.unref();
  }

  /** Stops the periodic reload; resolves once a reload already running is done (before the pools close). */
  async stopRefresh(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.refreshing;
  }

  /** The shard id holding `tenantId`'s data. */
  shardIdFor(tenantId: string): number {
    const id = this.placements.get(tenantId) ?? this.bucketToShard[bucketOf(tenantId)];
    if (id === undefined || id < 0) throw new ShardDirectoryError(`shard directory not loaded`);
    return id;
  }

  /** The database holding `tenantId`'s data. */
  forTenant(tenantId: string): Kysely<ShardTables> {
    return this.shard(this.shardIdFor(tenantId)).db;
  }

  /**
   * The database for `tenantId`'s staleness-tolerant reads (lists): a streaming replica that is caught up
   * and has replayed the tenant's last write (noted by any process when pins are shared over Redis), else
   * the primary. Everything else uses `forTenant`.
   */
  async forTenantRead(tenantId: string): Promise<Kysely<ShardTables>> {
    const id = this.shardIdFor(tenantId);
    return (await this.replicas?.readerFor(id, tenantId)) ?? this.shard(id).db;
  }

  /** Records that `tenantId`'s writes committed: its reads stay on the primary until the replicas have them. */
  async noteWrite(tenantId: string): Promise<void> {
    await this.replicas?.noteWrite(this.shardIdFor(tenantId), tenantId);
  }

  /** Every streaming replica's health and lag (none configured: empty). */
  replicaStatus(): ReplicaStatus[] {
    return this.replicas?.status() ?? [];
  }

  /** One physical shard by id. */
  shard(id: number): Database<ShardTables> {
    const shard = this.shards.get(id);
    if (!shard) throw new ShardDirectoryError(`no connection for shard ${id}`);
    return shard;
  }

  /** Every physical shard, for maintenance jobs and health checks. */
  all(): Array<[number, Database<ShardTables>]> {
    return [...this.shards.entries()];
  }
}
