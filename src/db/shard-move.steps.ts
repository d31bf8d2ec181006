import { sql, type Kysely } from 'kysely';
import { ensureTableMonthPartition } from './partitions.ts';
import type { ShardTables } from './schema.ts';
import { applyLoggedChanges } from './shard-move.copy.ts';
import type { MovePace } from './shard-move.pace.ts';
import type { TenantTable } from './shard-move.tables.ts';
import { MoveVerifier, type RangeMismatch } from './shard-move.verify.ts';

/** Key ranges left to compare below which the mover stops comparing before the fence and fences. */
const FENCE_WHEN_RANGES_BELOW = 4;

/** Creates on the target every month partition the tenant has rows in on the source, for each monthly table. */
export async function ensureTargetPartitions(
  source: Kysely<unknown>,
  target: Kysely<unknown>,
  tables: readonly TenantTable[],
  tenantId: string,
): Promise<void> {
  for (const table of tables) {
    if (!table.partitionKey) continue;
    const months = await sql<{ month: Date }>`
      SELECT DISTINCT date_trunc('month', ${sql.ref(table.partitionKey)}, 'UTC') AS month
      FROM ${sql.id(table.name)} WHERE tenant_id = ${tenantId}`.execute(source);
    for (const { month } of months.rows)
      await ensureTableMonthPartition(target as Kysely<ShardTables>, table.name, month);
  }
}

/**
 * Applies the log in rounds while writes go on, until a round applies fewer than `below` changes (short enough
 * to finish inside the fence); the keys applied are reported to `verifier`, which compares their ranges again.
 * Returns how many changes were applied.
 */
export async function catchUp(
  source: Kysely<unknown>,
  target: Kysely<unknown>,
  tables: ReadonlyMap<string, TenantTable>,
  tenantId: string,
  options: { below?: number; verifier?: MoveVerifier },
): Promise<number> {
  const below = options.below ?? 200;
  let applied = 0;
  for (let round = 0; round < 50; round++) {
    const { count, keys } = await applyLoggedChanges(source, target, tables, tenantId);
    await options.verifier?.touched(keys);
    applied += count;
    if (count < below) break;
  }
  return applied;
}

/**
 * Compares both sides range by range while the tenant still writes, catching up between rounds, until only a
 * few ranges are left to compare inside the fence (those that differed or that the log touched since).
 */
export async function compareBeforeFence(
  source: Kysely<unknown>,
  target: Kysely<unknown>,
  tables: readonly TenantTable[],
  tenantId: string,
  options: { below?: number; pace: MovePace },
): Promise<{ verifier: MoveVerifier; applied: number }> {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const verifier = new MoveVerifier(source, target, tables, tenantId);
  await verifier.compareAll(options.pace);
  let applied = 0;
  for (let round = 0; round < 10; round++) {
    applied += await catchUp(source, target, byName, tenantId, { below: options.below, verifier });
    if (verifier.pending() < FENCE_WHEN_RANGES_BELOW) break;
    await verifier.comparePending(options.pace);
  }
  return { verifier, applied };
}

/** What a failed verification says: each differing key range, with its rows and checksums on both sides. */
export function describeMismatches(mismatches: readonly RangeMismatch[]): string {
  return mismatches
    .map(
      (m) =>
        `${m.table} (keys after ${m.after ?? 'the first'} up to ${m.upTo ?? 'the last'}): source has ` +
        `${m.source.rows} rows (checksum ${m.source.checksum}), target ${m.target.rows} (${m.target.checksum})`,
    )
    .join('; ');
}
