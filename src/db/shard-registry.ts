import { sql, type Kysely } from 'kysely';
import type { ControlTables } from './schema.ts';

/** NOTIFY channel on the control database: the shard directory changed (a shard added, tenants placed). */
export const SHARD_DIRECTORY_CHANNEL = 'construction_ai_shard_directory';

/** What a directory change notification carries: the tenants whose placement changed (maybe none). */
export interface DirectoryChange {
  tenantIds: string[];
}

/** Reads a notification's payload; anything unreadable counts as "reload, no tenant named". */
export function parseDirectoryChange(payload: string): DirectoryChange {
  try {
    const parsed = JSON.parse(payload) as { tenantIds?: unknown };
    const ids = Array.isArray(parsed.tenantIds) ? parsed.tenantIds : [];
    return { tenantIds: ids.filter((id): id is string => typeof id === 'string') };
  } catch {
    return { tenantIds: [] };
  }
}

/** Tells every running process (at commit of `db`'s transaction) to reload the directory. */
export async function notifyDirectoryChange(
  db: Kysely<ControlTables>,
  tenantIds: string[] = [],
): Promise<void> {
  const payload = JSON.stringify({ tenantIds });
  await sql`SELECT pg_notify(${SHARD_DIRECTORY_CHANNEL}, ${payload})`.execute(db);
}

/** One physical shard as `shard list` shows it. */
export interface ShardEntry {
  id: number;
  name: string;
  /** Registered by `shard add` (else configured by SHARD_DATABASE_URLS); its password is never shown. */
  url: string | null;
  buckets: number;
  placedTenants: number;
}

/**
 * Registers the shard at `url` under the next free id (the same id again when it is registered already) and
 * notifies running processes. The caller migrated it and created its job queue schema first.
 */
export async function registerShard(control: Kysely<ControlTables>, url: string): Promise<number> {
  return control.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('construction-ai:shard-directory'))`.execute(trx);
    const known = await sql<{ id: number }>`SELECT id FROM shards WHERE url = ${url}`.execute(trx);
    if (known.rows[0]) return known.rows[0].id;
    const { rows } = await sql<{ id: number }>`
      INSERT INTO shards (id, name, url)
      SELECT next_id, 'shard_' || next_id, ${url} FROM (SELECT coalesce(max(id) + 1, 0) AS next_id FROM shards) AS n
      RETURNING id`.execute(trx);
    await notifyDirectoryChange(trx);
    return rows[0]!.id;
  });
}

/** Every shard with how many buckets and placement overrides it holds. */
export async function listShards(control: Kysely<ControlTables>): Promise<ShardEntry[]> {
  const { rows } = await sql<ShardEntry>`
    SELECT s.id, s.name, s.url,
      (SELECT count(*) FROM buckets b WHERE b.shard_id = s.id)::int AS buckets,
      (SELECT count(*) FROM tenant_placement p WHERE p.shard_id = s.id)::int AS "placedTenants"
    FROM shards s ORDER BY s.id`.execute(control);
  return rows.map((row) => ({ ...row, url: row.url && redactPassword(row.url) }));
}

/** The URL with its password replaced, for printing. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
