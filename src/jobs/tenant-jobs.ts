import { sql, type Kysely } from 'kysely';
import { SCHEMA } from './job-queue.sql.ts';

/** Jobs not yet taken by a worker: they can change shards; a running job finishes where it runs. */
const WAITING_STATES = `state IN ('created', 'retry')`;

/**
 * Moves a tenant's waiting jobs (every queue, keyed by `data.tenantId`) from one shard's queue to another's:
 * copied with their ids (a repeated copy inserts nothing), then deleted at the source. Returns how many moved.
 * Safe to run again after an interruption between the two steps.
 */
export async function moveWaitingJobs(
  source: Kysely<unknown>,
  target: Kysely<unknown>,
  tenantId: string,
): Promise<number> {
  const job = sql.raw(`${SCHEMA}.job`);
  const waiting = sql.raw(WAITING_STATES);
  if (!(await hasQueue(source))) return 0; // no server ever ran jobs there
  const { rows } = await sql<{ jobs: string | null; ids: string[] | null }>`
    SELECT json_agg(j)::text AS jobs, array_agg(j.id::text) AS ids FROM ${job} j
    WHERE j.data ->> 'tenantId' = ${tenantId} AND ${waiting}`.execute(source);
  const { jobs, ids } = rows[0] ?? {};
  if (!jobs || !ids?.length) return 0;
  if (!(await hasQueue(target)))
    throw new Error('the target shard has no job queue yet: start a server on it once');
  await sql`INSERT INTO ${job} SELECT * FROM json_populate_recordset(NULL::${job}, ${jobs}::json)
    ON CONFLICT DO NOTHING`.execute(target);
  await sql`DELETE FROM ${job} WHERE id = ANY(${ids}::uuid[]) AND ${waiting}`.execute(source);
  return ids.length;
}

/** Whether the database has the job queue's schema (a server or `shard add` created it). */
async function hasQueue(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{
    ok: boolean;
  }>`SELECT to_regclass(${`${SCHEMA}.job`}) IS NOT NULL AS ok`.execute(db);
  return rows[0]?.ok ?? false;
}
