import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { paced, type MovePace } from './shard-move.pace.ts';
import { columnList, keyList, type TenantTable } from './shard-move.tables.ts';

/** Marks the mover's own statements: the capture trigger lets them through (transaction-local). */
async function bypassCapture(trx: Transaction<unknown>): Promise<void> {
  await sql`SELECT set_config('construction_ai.shard_move', 'on', true)`.execute(trx);
}

/** Writes rows (a JSON array of objects by column name) into `table`, replacing rows with the same key. */
async function upsertRows(trx: Transaction<unknown>, table: TenantTable, rowsJson: string): Promise<void> {
  const others = table.columns.filter((column) => !table.key.includes(column));
  const onConflict =
    others.length === 0
      ? sql`DO NOTHING`
      : sql`DO UPDATE SET ${sql.raw(others.map((c) => `"${c}" = EXCLUDED."${c}"`).join(', '))}`;
  await sql`INSERT INTO ${sql.id(table.name)} (${columnList(table)})
    SELECT ${columnList(table)} FROM json_populate_recordset(NULL::${sql.id(table.name)}, ${rowsJson}::json)
    ON CONFLICT ${keyList(table)} ${onConflict}`.execute(trx);
}

/**
 * Copies a tenant's rows of one table in key order, `pace.pageRows` rows per round trip and resting between
 * pages, upserting on the target (so a copy that was interrupted is simply run again). Returns the rows copied.
 */
export async function copyTenantTable(
  source: Kysely<unknown>,
  target: Kysely<unknown>,
  table: TenantTable,
  tenantId: string,
  pace: MovePace,
): Promise<number> {
  const pageSize = pace.pageRows;
  let after: string | null = null;
  let copied = 0;
  for (;;) {
    const from = keyAfter(table, after);
    const page = await paced(pace, () => copyPage(source, target, table, tenantId, from, pageSize));
    if (!page) return copied;
    copied += page.count;
    if (page.count < pageSize) return copied;
    after = page.last;
  }
}

/** Copies one page of rows after the key in `from`; returns how many and the last key (none: nothing left). */
async function copyPage(
  source: Kysely<unknown>,
  target: Kysely<unknown>,
  table: TenantTable,
  tenantId: string,
  from: RawBuilder<unknown>,
  pageSize: number,
): Promise<{ count: number; last: string | null } | undefined> {
  const { rows } = await sql<{ rows: string | null; last: string | null; count: number }>`
    WITH page AS (
      SELECT ${columnList(table)} FROM ${sql.id(table.name)}
      WHERE tenant_id = ${tenantId} ${from} ORDER BY ${sql.raw(table.key.map((c) => `"${c}"`).join(', '))}
      LIMIT ${pageSize})
    SELECT json_agg(page)::text AS rows, count(*)::int AS count,
      (SELECT json_build_object(${sql.raw(table.key.map((c) => `'${c}', p."${c}"`).join(', '))})::text
         FROM page p ORDER BY ${keyList(table, 'p.')} DESC LIMIT 1) AS last
    FROM page`.execute(source);
  const page = rows[0];
  if (!page?.rows || page.count === 0) return undefined;
  await target.transaction().execute(async (trx) => {
    await bypassCapture(trx);
    await upsertRows(trx, table, page.rows!);
  });
  return { count: page.count, last: page.last };
}

/** `AND key > the key in json` (none: no bound), for a table's rows in key order. */
export function keyAfter(table: TenantTable, json: string | null, op: '>' | '<=' = '>'): RawBuilder<unknown> {
  if (json === null) return sql``;
  return sql`AND ${keyList(table)} ${sql.raw(op)} (SELECT ${columnList({ ...table, columns: table.key })}
    FROM json_populate_record(NULL::${sql.id(table.name)}, ${json}::json))`;
}

/**
 * Applies up to `limit` logged changes of the tenant: for each logged key the row as it is now on the source
 * replaces the target's (or the target's is deleted when the source has none), so the order of the log and a
 * repeated application do not matter. Applied entries are deleted from the log only after the target
 * committed; entries of transactions still open are not visible yet and wait for the next round. Returns how
 * many entries were applied and the keys they touched, by table.
 */
export async function applyLoggedChanges(
  source: Kysely<unknown>,
  target: Kysely<unknown>,
  tables: ReadonlyMap<string, TenantTable>,
  tenantId: string,
  limit = 5000,
): Promise<AppliedChanges> {
  const { rows: entries } = await sql<{ seq: string; table_name: string; row_key: unknown }>`
    SELECT seq::text, table_name, row_key FROM shard_move_changes WHERE tenant_id = ${tenantId}
    ORDER BY seq LIMIT ${limit}`.execute(source);
  if (entries.length === 0) return { count: 0, keys: new Map() };
  const keysByTable = new Map<string, Map<string, unknown>>();
  for (const entry of entries) {
    const keys = keysByTable.get(entry.table_name) ?? new Map<string, unknown>();
    keys.set(JSON.stringify(entry.row_key), entry.row_key);
    keysByTable.set(entry.table_name, keys);
  }
  const current = new Map<string, string | null>();
  for (const [name, keys] of keysByTable) {
    const table = tables.get(name);
    if (!table) throw new Error(`change logged for unknown table ${name}`);
    const { rows } = await sql<{ rows: string | null }>`
      SELECT json_agg(t)::text AS rows FROM (SELECT ${columnList(table)} FROM ${sql.id(name)}
        WHERE ${keyList(table)} IN (SELECT ${columnList({ ...table, columns: table.key })}
          FROM json_populate_recordset(NULL::${sql.id(name)}, ${JSON.stringify([...keys.values()])}::json))) t`.execute(
      source,
    );
    current.set(name, rows[0]?.rows ?? null);
  }
  await target.transaction().execute(async (trx) => {
    await bypassCapture(trx);
    for (const [name, keys] of keysByTable) {
      const table = tables.get(name)!;
      await sql`DELETE FROM ${sql.id(name)} WHERE ${keyList(table)} IN (
        SELECT ${columnList({ ...table, columns: table.key })}
        FROM json_populate_recordset(NULL::${sql.id(name)}, ${JSON.stringify([...keys.values()])}::json))`.execute(
        trx,
      );
      const rows = current.get(name);
      if (rows) await upsertRows(trx, table, rows);
    }
  });
  await sql`DELETE FROM shard_move_changes WHERE tenant_id = ${tenantId}
    AND seq = ANY(${entries.map((e) => e.seq)}::bigint[])`.execute(source);
  return {
    count: entries.length,
    keys: new Map([...keysByTable].map(([name, keys]) => [name, [...keys.values()]])),
  };
}

/** What one application of the change log did. */
export interface AppliedChanges {
  count: number;
  /** The primary keys applied (as JSON objects by column), by table. */
  keys: Map<string, unknown[]>;
}

/** Row count and an order-independent checksum of a tenant's rows of one table. */
export interface TableChecksum {
  rows: number;
  checksum: string;
}

/**
 * Counts a tenant's rows (those with keys in `range`: after one key, up to another; null: unbounded) and sums a 60-bit slice of each row's md5 (over the row's text in a fixed time zone,
 * date style and float format, so two servers print the same row alike).
 */
export async function tenantTableChecksum(
  db: Kysely<unknown>,
  table: TenantTable,
  tenantId: string,
  range: { after: string | null; upTo: string | null } = { after: null, upTo: null },
): Promise<TableChecksum> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL extra_float_digits = 1;
      SET LOCAL IntervalStyle = 'postgres'`.execute(trx);
    const { rows } = await sql<TableChecksum>`
      SELECT count(*)::int AS rows,
        coalesce(sum(('x' || substr(md5(ROW(${columnList(table, 't.')})::text), 1, 15))::bit(60)::bigint::numeric), 0)::text
          AS checksum
      FROM ${sql.id(table.name)} t WHERE t.tenant_id = ${tenantId}
        ${keyAfter(table, range.after)} ${keyAfter(table, range.upTo, '<=')}`.execute(trx);
    return rows[0]!;
  });
}

/** Deletes a tenant's rows of one table, `batch` rows per transaction; returns how many. */
export async function deleteTenantRows(
  db: Kysely<unknown>,
  table: TenantTable,
  tenantId: string,
  batch = 5000,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const count = await db.transaction().execute(async (trx) => {
      await bypassCapture(trx);
      const result = await sql`DELETE FROM ${sql.id(table.name)} WHERE ${keyList(table)} IN (
        SELECT ${columnList({ ...table, columns: table.key })} FROM ${sql.id(table.name)}
        WHERE tenant_id = ${tenantId} LIMIT ${batch})`.execute(trx);
      return Number(result.numAffectedRows ?? 0);
    });
    deleted += count;
    if (count < batch) return deleted;
  }
}
