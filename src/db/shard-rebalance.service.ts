import { sql, type Kysely } from 'kysely';
import type { ControlTables } from './schema.ts';
import { bucketOf, type ShardRouter } from './shard-router.ts';
import { notifyDirectoryChange } from './shard-registry.ts';
import { listTenantTables } from './shard-move.tables.ts';
import { planRebalance, type BucketMove } from './shard-rebalance.plan.ts';
import type { TenantMover, TenantMoveResult } from './tenant-move.service.ts';

/** Stored bytes (`pg_column_size` of every row of every tenant table) per tenant on one shard. */
export async function measureTenantBytes(db: Kysely<unknown>): Promise<Map<string, number>> {
  const bytes = new Map<string, number>();
  for (const table of await listTenantTables(db)) {
    const { rows } = await sql<{ tenant_id: string; bytes: number }>`
      SELECT tenant_id::text, sum(pg_column_size(t.*))::bigint AS bytes FROM ${sql.id(table.name)} t
      GROUP BY tenant_id`.execute(db);
    for (const row of rows) bytes.set(row.tenant_id, (bytes.get(row.tenant_id) ?? 0) + row.bytes);
  }
  return bytes;
}

/** The proposal and what it was computed from (`shard rebalance --dry-run`). */
export interface RebalancePlan {
  bytesPerShard: Record<number, number>;
  bytesPerShardAfter: Record<number, number>;
  moves: BucketMove[];
}

/** Measures every shard and proposes bucket moves (nothing changes). */
export async function proposeRebalance(
  control: Kysely<ControlTables>,
  router: ShardRouter,
): Promise<RebalancePlan> {
  await router.load();
  const buckets = await sql<{
    bucket: number;
    shard_id: number;
  }>`SELECT bucket, shard_id FROM buckets`.execute(control);
  const pinned = await sql<{ tenant_id: string }>`SELECT tenant_id::text FROM tenant_placement`.execute(
    control,
  );
  const pinnedTenants = new Set(pinned.rows.map((row) => row.tenant_id));
  const bucketBytes = new Map<number, number>();
  const pinnedBytes = new Map<number, number>();
  const bytesPerShard: Record<number, number> = {};
  for (const [id, shard] of router.all()) {
    bytesPerShard[id] = 0;
    for (const [tenantId, bytes] of await measureTenantBytes(shard.db as Kysely<unknown>)) {
      bytesPerShard[id] += bytes;
      if (pinnedTenants.has(tenantId)) pinnedBytes.set(id, (pinnedBytes.get(id) ?? 0) + bytes);
      else bucketBytes.set(bucketOf(tenantId), (bucketBytes.get(bucketOf(tenantId)) ?? 0) + bytes);
    }
  }
  const moves = planRebalance({
    shards: router.all().map(([id]) => id),
    bucketShard: new Map(buckets.rows.map((row) => [row.bucket, row.shard_id])),
    bucketBytes,
    pinnedBytes,
  });
  const bytesPerShardAfter = { ...bytesPerShard };
  for (const move of moves) {
    bytesPerShardAfter[move.from]! -= move.bytes;
    bytesPerShardAfter[move.to]! += move.bytes;
  }
  return { bytesPerShard, bytesPerShardAfter, moves };
}

/**
 * Moves one bucket: its tenants (from the control database, so those without rows yet too) are pinned to the
 * source and the bucket is pointed at the target in one transaction (a tenant created afterwards starts on the
 * target), then each pinned tenant is moved online, which drops its pin.
 */
export async function moveBucket(
  control: Kysely<ControlTables>,
  mover: TenantMover,
  move: BucketMove,
): Promise<TenantMoveResult[]> {
  const tenants = await control.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('construction-ai:shard-directory'))`.execute(trx);
    const { rows } = await sql<{ id: string }>`
      INSERT INTO tenant_placement (tenant_id, shard_id, reason)
      SELECT t.id, ${move.from}, 'rebalance' FROM tenants t
      WHERE tenant_bucket(t.id) = ${move.bucket}
        AND NOT EXISTS (SELECT 1 FROM tenant_placement p WHERE p.tenant_id = t.id)
      RETURNING tenant_id::text AS id`.execute(trx);
    await sql`UPDATE buckets SET shard_id = ${move.to} WHERE bucket = ${move.bucket}`.execute(trx);
    await notifyDirectoryChange(trx);
    return rows.map((row) => row.id);
  });
  const results: TenantMoveResult[] = [];
  for (const tenantId of tenants) results.push(await mover.move(tenantId, move.to));
  return results;
}
