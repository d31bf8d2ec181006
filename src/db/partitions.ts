import { sql, type Kysely } from 'kysely';
import type { ShardTables } from './schema.ts';

/** Leaves per month: each month partition is HASH-partitioned by tenant into this many tables. */
export const TENANT_HASH_PARTITIONS = 4;

/** Name of the month partition of `files` holding `date` (UTC), e.g. `files_y2026m11`. */
export function monthPartitionName(date: Date): string {
  return `files_y${date.getUTCFullYear()}m${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthStart(date: Date, offset = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
}

/**
 * Makes sure the month partition for `date` exists. It is built standalone (with its hash leaves) and then
 * ATTACHed, which takes only a SHARE UPDATE EXCLUSIVE lock on `files`, so reads and inserts carry on.
 */
export async function ensureMonthPartition(db: Kysely<ShardTables>, date: Date): Promise<boolean> {
  const name = monthPartitionName(date);
  const from = monthStart(date).toISOString();
  const to = monthStart(date, 1).toISOString();
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('construction-ai:partitions'))`.execute(trx);
    const found = await sql<{ exists: boolean }>`SELECT to_regclass(${name}) IS NOT NULL AS exists`.execute(
      trx,
    );
    if (found.rows[0]?.exists) return false;
    await sql`CREATE TABLE ${sql.id(name)} (LIKE files INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
      PARTITION BY HASH (tenant_id)`.execute(trx);
    for (let remainder = 0; remainder < TENANT_HASH_PARTITIONS; remainder++) {
      await sql`CREATE TABLE ${sql.id(`${name}_p${remainder}`)} PARTITION OF ${sql.id(name)}
        FOR VALUES WITH (MODULUS ${sql.lit(TENANT_HASH_PARTITIONS)}, REMAINDER ${sql.lit(remainder)})`.execute(
        trx,
      );
    }
    await sql`ALTER TABLE files ATTACH PARTITION ${sql.id(name)}
      FOR VALUES FROM (${sql.lit(from)}) TO (${sql.lit(to)})`.execute(trx);
    return true;
  });
}

/**
 * Makes sure `table`'s month partition for `date` exists: `files` with its hash leaves (above), the other
 * monthly tables (automation runs, notifications) through the shard's `retention_ensure_month`.
 */
export async function ensureTableMonthPartition(
  db: Kysely<ShardTables>,
  table: string,
  date: Date,
): Promise<boolean> {
  if (table === 'files') return ensureMonthPartition(db, date);
  const month = monthStart(date).toISOString().slice(0, 10);
  const { rows } = await sql<{ created: boolean }>`
    SELECT retention_ensure_month(${table}, ${month}::date) AS created`.execute(db);
  return rows[0]?.created ?? false;
}

/** Premakes the current month and `monthsAhead` following months; returns the partitions created. */
export async function premakeMonthPartitions(
  db: Kysely<ShardTables>,
  now: Date,
  monthsAhead = 3,
): Promise<string[]> {
  const created: string[] = [];
  for (let offset = 0; offset <= monthsAhead; offset++) {
    const month = monthStart(now, offset);
    if (await ensureMonthPartition(db, month)) created.push(monthPartitionName(month));
  }
  return created;
}

/** True when `error` is PostgreSQL's "no partition of relation found for row". */
export function isMissingPartitionError(error: unknown): boolean {
  const pgError = error as { code?: string; message?: string };
  return pgError.code === '23514' && /no partition of relation/.test(pgError.message ?? '');
}
