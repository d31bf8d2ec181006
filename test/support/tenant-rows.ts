import { sql, type Kysely } from 'kysely';
import { listTenantTables } from '../../src/db/index.ts';

/** The tenant's row count in every tenant table of `db` that has any. */
export async function tenantRows(db: Kysely<unknown>, tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await listTenantTables(db)) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.id(table.name)}
      WHERE tenant_id = ${tenantId}`.execute(db);
    if (rows[0]!.n > 0) counts[table.name] = rows[0]!.n;
  }
  return counts;
}
