// SQL the job queue adds to pg-boss's schema: a wake-up NOTIFY on every new job, and a fetch that takes
// jobs round-robin across fairness keys (tenants) instead of pg-boss's oldest-first order.

/** The channel a committed job insert notifies, with the queue name as payload. */
export const JOB_CHANNEL = 'cai_jobs';

/** The pg-boss schema the queue lives in (on every shard). */
export const SCHEMA = 'pgboss';

/**
 * Idempotent setup, run under a transaction-level advisory lock so processes starting together do not race:
 * a row trigger that notifies JOB_CHANNEL when a job is created (delivered at commit, so a job enqueued in the
 * caller's transaction wakes the workers only once it exists), and the index and turn table of the fair fetch.
 */
export const SETUP_SQL = `
  SELECT pg_advisory_xact_lock(hashtext('${SCHEMA}.cai_setup'));
  CREATE OR REPLACE FUNCTION ${SCHEMA}.cai_notify_job() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('${JOB_CHANNEL}', NEW.name);
    RETURN NULL;
  END $$;
  CREATE OR REPLACE TRIGGER cai_notify_job AFTER INSERT ON ${SCHEMA}.job
    FOR EACH ROW WHEN (NEW.state = 'created') EXECUTE FUNCTION ${SCHEMA}.cai_notify_job();
  CREATE TABLE IF NOT EXISTS ${SCHEMA}.cai_job_turn (
    name text NOT NULL, key text NOT NULL, served_at timestamptz NOT NULL, PRIMARY KEY (name, key));
  CREATE INDEX IF NOT EXISTS cai_job_fair ON ${SCHEMA}.job (name, (COALESCE(singleton_key, '')), created_on, id)
    WHERE state < 'active';
`;

/**
 * Takes up to $2 startable jobs of queue $1 and marks them active, as pg-boss's own fetch does (state,
 * started_on, retry_count on a re-run), but round-robin across fairness keys (tenants; pg-boss's
 * `singleton_key`, which the standard policy leaves without meaning) instead of oldest first: the key served
 * longest ago (or never) goes first, and a batch takes every key's first job before any key's second.
 * `cai_job_turn` remembers when each key was last served, so the rotation carries over from one fetch to the
 * next and across processes. The keys are found by a skip scan over the index and each contributes at most its
 * share of the batch, so a fetch costs O(keys × log n) however long one key's backlog is. Rows another fetcher
 * holds are skipped (SKIP LOCKED). pg-boss's `priority` is not used by this platform and is ignored here.
 */
export const FAIR_FETCH_SQL = `
  WITH RECURSIVE keys AS (
    (SELECT COALESCE(singleton_key, '') AS k FROM ${SCHEMA}.job
      WHERE name = $1 AND state < 'active' ORDER BY COALESCE(singleton_key, '') LIMIT 1)
    UNION ALL
    SELECT (SELECT COALESCE(j.singleton_key, '') FROM ${SCHEMA}.job j
             WHERE j.name = $1 AND j.state < 'active' AND COALESCE(j.singleton_key, '') > keys.k
             ORDER BY COALESCE(j.singleton_key, '') LIMIT 1)
      FROM keys WHERE keys.k IS NOT NULL
  ),
  share AS (
    SELECT GREATEST(1, CEIL($2::float / GREATEST(1, COUNT(*))))::int AS n FROM keys WHERE k IS NOT NULL
  ),
  heads AS (
    SELECT keys.k, t.served_at FROM keys
      LEFT JOIN ${SCHEMA}.cai_job_turn t ON t.name = $1 AND t.key = keys.k
     WHERE keys.k IS NOT NULL
  ),
  candidates AS (
    SELECT c.id, heads.k,
           row_number() OVER (ORDER BY c.turn, heads.served_at NULLS FIRST, c.created_on, c.id) AS pos
      FROM heads, share, LATERAL (
        SELECT j.id, j.created_on, row_number() OVER (ORDER BY j.created_on, j.id) AS turn
          FROM ${SCHEMA}.job j
         WHERE j.name = $1 AND j.state < 'active' AND COALESCE(j.singleton_key, '') = heads.k
           AND j.start_after < now()
         ORDER BY j.created_on, j.id
         LIMIT share.n
      ) c
     ORDER BY pos
     LIMIT $2
  ),
  next AS (
    -- one primary-key lookup per candidate (a join here may be planned as a scan of the whole backlog)
    SELECT locked.id, c.k, c.pos FROM candidates c, LATERAL (
      SELECT j.id FROM ${SCHEMA}.job j
       WHERE j.name = $1 AND j.id = c.id AND j.state < 'active'
       FOR UPDATE SKIP LOCKED
    ) locked
  ),
  served AS (
    -- a key's first position in this batch orders it for the next fetch (µs apart, same transaction time)
    INSERT INTO ${SCHEMA}.cai_job_turn (name, key, served_at)
    SELECT $1, k, now() + MIN(pos) * interval '1 microsecond' FROM next GROUP BY k ORDER BY k
    ON CONFLICT (name, key) DO UPDATE SET served_at = excluded.served_at
  )
  UPDATE ${SCHEMA}.job j SET
    state = 'active',
    started_on = now(),
    retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
  WHERE j.name = $1 AND j.id = ANY (ARRAY(SELECT id FROM next))
  RETURNING j.id, j.data, j.retry_count AS "retryCount", j.retry_limit AS "retryLimit",
    EXTRACT(epoch FROM j.expire_in)::float AS "expireInSeconds"
`;

/** Queued jobs (created or waiting for a retry) and the age of the oldest, per queue. */
export const QUEUE_DEPTH_SQL = `
  SELECT name, COUNT(*)::int AS queued,
         COALESCE(EXTRACT(epoch FROM now() - MIN(created_on)), 0)::float AS "oldestSeconds"
    FROM ${SCHEMA}.job WHERE state < 'active' GROUP BY name
`;

/** Forgets the turns of keys not served for a day (a key served again starts as never served: first in line). */
export const PRUNE_TURNS_SQL = `DELETE FROM ${SCHEMA}.cai_job_turn WHERE served_at < now() - interval '1 day'`;

/** Restarts the expiry clock of active jobs still waiting to start in their process. */
export const RENEW_LEASES_SQL = `UPDATE ${SCHEMA}.job SET started_on = now()
  WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`;
