import { sql, type Kysely } from 'kysely';

/** One forward-only schema change, applied once per database inside a transaction. */
export interface Migration {
  id: string;
  sql: string;
}

/** Applies pending migrations under an advisory lock, so concurrent starters never race. */
export async function migrate<DB>(db: Kysely<DB>, migrations: Migration[]): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('construction-ai:migrate'))`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`.execute(trx);
    const done = await sql<{ id: string }>`SELECT id FROM schema_migrations`.execute(trx);
    const applied = new Set(done.rows.map((row) => row.id));
    const pending = migrations.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      await sql.raw(migration.sql).execute(trx);
      await sql`INSERT INTO schema_migrations (id) VALUES (${migration.id})`.execute(trx);
    }
    return pending.map((migration) => migration.id);
  });
}
