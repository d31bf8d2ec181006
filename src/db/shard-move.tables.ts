import { sql, type Kysely } from 'kysely';

/** A tenant-owned table of a shard: its name, primary key and the columns a copy writes. */
export interface TenantTable {
  name: string;
  /** Primary key columns, in index order (`tenant_id` first). */
  key: string[];
  /** Every stored column (generated ones excluded), in table order. */
  columns: string[];
  /** The column a partitioned table is RANGE-partitioned by month on (the move creates the target's missing months), else null. */
  partitionKey: string | null;
}

/** The move's own bookkeeping, never copied. */
const MOVE_TABLES = new Set(['shard_move_tenants', 'shard_move_changes']);

/**
 * Every tenant-owned table on a shard, read from the catalog instead of a list kept by hand: each table (or
 * partitioned root, never a partition) of the current schema that has a `tenant_id` column and a primary key.
 * A table a later migration adds is moved without touching the mover.
 */
export async function listTenantTables(db: Kysely<unknown>): Promise<TenantTable[]> {
  const { rows } = await sql<TenantTable>`
    SELECT c.relname AS name,
      (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS key,
      (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
      (SELECT a.attname::text FROM pg_partitioned_table p
         JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
         WHERE p.partrelid = c.oid AND p.partstrat = 'r') AS "partitionKey"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
    ORDER BY c.relname`.execute(db);
  return rows.filter((table) => !MOVE_TABLES.has(table.name));
}

/** Name of the capture trigger on each tenant-owned table. */
const TRIGGER = 'shard_move_capture';

/**
 * (Re)creates the capture trigger on every tenant table, one table per transaction. Creating a trigger waits
 * for the transactions that are writing that table to end, so once this returns every write either committed
 * before (and a copy started now sees it) or runs the trigger (and is logged): nothing falls between.
 * `lock_timeout` keeps the wait short for other tenants' writers queued behind it; it is retried.
 */
export async function installCaptureTriggers(db: Kysely<unknown>, tables: TenantTable[]): Promise<void> {
  for (const table of tables) {
    const args = sql.raw([table.name, ...table.key].map((name) => `'${name}'`).join(', '));
    for (let attempt = 1; ; attempt++) {
      try {
        await db.transaction().execute(async (trx) => {
          await sql`SET LOCAL lock_timeout = '1s'`.execute(trx);
          await sql`CREATE OR REPLACE TRIGGER ${sql.id(TRIGGER)}
            AFTER INSERT OR UPDATE OR DELETE ON ${sql.id(table.name)}
            FOR EACH ROW EXECUTE FUNCTION shard_move_capture(${args})`.execute(trx);
        });
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55P03' || attempt >= 20) throw error;
      }
    }
  }
}

/** Primary key columns as a row expression (`(tenant_id, id)`). */
export function keyList(table: TenantTable, prefix = ''): ReturnType<typeof sql.raw> {
  return sql.raw(`(${table.key.map((column) => `${prefix}"${column}"`).join(', ')})`);
}

/** The stored columns as a list (`"a", "b"`). */
export function columnList(table: TenantTable, prefix = ''): ReturnType<typeof sql.raw> {
  return sql.raw(table.columns.map((column) => `${prefix}"${column}"`).join(', '));
}
