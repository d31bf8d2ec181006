import type { Generated } from 'kysely';
import type { Migration } from '../migrator.ts';

/**
 * The seed's analytics views, per shard. Each has a unique index, which `REFRESH MATERIALIZED VIEW
 * CONCURRENTLY` requires (readers keep the previous rows while it runs). Months are UTC, as the `files`
 * partitions are. `analytics_refreshes` records when each view was last refreshed and how long it took.
 */
export const analyticsShardMigrations: Migration[] = [
  {
    id: '601_analytics_views',
    sql: `
      -- Files, bytes and average processing time per tenant, with the tenant's estimate count and total.
      CREATE MATERIALIZED VIEW tenant_usage_summary AS
        WITH file_usage AS (
          SELECT tenant_id, count(*)::bigint AS file_count, coalesce(sum(size_bytes), 0)::bigint AS total_bytes,
                 avg(processing_ms)::double precision AS avg_processing_ms, max(created_at) AS last_upload_at
          FROM files GROUP BY tenant_id
        ), estimate_usage AS (
          SELECT tenant_id, count(*)::bigint AS estimates, coalesce(sum(total), 0)::double precision AS estimates_total,
                 max(created_at) AS last_estimate_at
          FROM cost_estimates GROUP BY tenant_id
        )
        SELECT tenant_id,
               coalesce(f.file_count, 0)::bigint AS file_count,
               coalesce(f.total_bytes, 0)::bigint AS total_bytes,
               f.avg_processing_ms,
               f.last_upload_at,
               coalesce(e.estimates, 0)::bigint AS estimates,
               coalesce(e.estimates_total, 0)::double precision AS estimates_total,
               e.last_estimate_at
        FROM file_usage f FULL JOIN estimate_usage e USING (tenant_id);
      CREATE UNIQUE INDEX tenant_usage_summary_key ON tenant_usage_summary (tenant_id);

      -- Per tenant and upload month: uploads, analyses completed and failed, formats, analysis time p50/p95.
      CREATE MATERIALIZED VIEW file_analytics AS
        SELECT f.tenant_id,
               date_trunc('month', f.created_at AT TIME ZONE 'UTC')::date AS month,
               count(*)::bigint AS uploads,
               count(*) FILTER (WHERE a.status = 'completed')::bigint AS analyses_completed,
               count(*) FILTER (WHERE a.status = 'failed')::bigint AS analyses_failed,
               count(*) FILTER (WHERE f.format = 'dwg')::bigint AS dwg_files,
               count(*) FILTER (WHERE f.format = 'dxf')::bigint AS dxf_files,
               count(*) FILTER (WHERE f.format = 'ifc')::bigint AS ifc_files,
               count(*) FILTER (WHERE f.format = 'pdf')::bigint AS pdf_files,
               coalesce(sum(f.size_bytes), 0)::bigint AS bytes,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50_analysis_ms,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS p95_analysis_ms
        FROM files f
        LEFT JOIN file_analyses a ON a.tenant_id = f.tenant_id AND a.file_id = f.id
        GROUP BY f.tenant_id, 2;
      CREATE UNIQUE INDEX file_analytics_key ON file_analytics (tenant_id, month);

      -- Per tenant, location and month: estimates, their totals, and the totals of each CSI division.
      CREATE MATERIALIZED VIEW cost_estimate_summary AS
        WITH monthly AS (
          SELECT tenant_id, location_key, date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month,
                 currency, material_cost, installation_cost, total, result
          FROM cost_estimates
        ), division_totals AS (
          SELECT tenant_id, location_key, month,
                 jsonb_object_agg(division, round(division_total::numeric, 2)) AS by_division
          FROM (
            SELECT m.tenant_id, m.location_key, m.month, d ->> 'division' AS division,
                   sum((d ->> 'total')::double precision) AS division_total
            FROM monthly m
            CROSS JOIN LATERAL jsonb_array_elements(
              CASE WHEN jsonb_typeof(m.result -> 'divisions') = 'array' THEN m.result -> 'divisions' ELSE '[]' END
            ) AS d
            WHERE d ->> 'division' IS NOT NULL
            GROUP BY 1, 2, 3, 4
          ) per_division
          GROUP BY 1, 2, 3
        )
        SELECT m.tenant_id, m.location_key, m.month,
               count(*)::bigint AS estimates,
               min(m.currency) AS currency,
               sum(m.material_cost)::double precision AS material_cost,
               sum(m.installation_cost)::double precision AS installation_cost,
               sum(m.total)::double precision AS total,
               coalesce(min(dt.by_division::text)::jsonb, '{}') AS by_division
        FROM monthly m
        LEFT JOIN division_totals dt USING (tenant_id, location_key, month)
        GROUP BY m.tenant_id, m.location_key, m.month;
      CREATE UNIQUE INDEX cost_estimate_summary_key ON cost_estimate_summary (tenant_id, location_key, month);

      CREATE TABLE analytics_refreshes (
        view_name text PRIMARY KEY,
        refreshed_at timestamptz NOT NULL,
        duration_ms int NOT NULL
      );
      INSERT INTO analytics_refreshes (view_name, refreshed_at, duration_ms)
        SELECT name, now(), 0 FROM unnest(ARRAY['tenant_usage_summary', 'file_analytics', 'cost_estimate_summary']) AS name;
    `,
  },
];

/** Tables kept by month and dropped (or archived) after the retention period; `files` never is. */
export const RETAINED_TABLES = ['automation_runs', 'notifications'] as const;

/**
 * Runs and notifications partitioned by month of `created_at` (UTC), so retention detaches whole months
 * instead of deleting rows. A partitioned table's unique keys must hold the partition column, so the two
 * idempotency keys (a rule runs once per event; a notification is stored once per source key) move to small
 * unpartitioned ledgers that retention prunes with the rows. The existing rows are copied into the new
 * tables in this migration's transaction. `retention_ensure_month` makes a month's partition when missing
 * (months are premade ahead, as for `files`; there is no DEFAULT partition, which would forbid DETACH
 * CONCURRENTLY).
 */
export const retentionShardMigrations: Migration[] = [
  {
    id: '602_monthly_runs_and_notifications',
    sql: `
      CREATE FUNCTION retention_ensure_month(parent text, month date) RETURNS boolean
      LANGUAGE plpgsql AS $fn$
      DECLARE
        first date := date_trunc('month', month)::date;
        name text := format('%s_y%sm%s', parent, to_char(first, 'YYYY'), to_char(first, 'MM'));
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('construction-ai:retention-partitions'));
        IF to_regclass(name) IS NOT NULL THEN RETURN false; END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', name, parent,
          (first::timestamp AT TIME ZONE 'UTC'), ((first + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
        RETURN true;
      END $fn$;

      ALTER TABLE automation_runs RENAME TO automation_runs_before_602;
      ALTER INDEX automation_runs_rule_idx RENAME TO automation_runs_before_602_rule_idx;
      ALTER INDEX automation_runs_pkey RENAME TO automation_runs_before_602_pkey;
      ALTER INDEX automation_runs_tenant_id_rule_id_event_id_key RENAME TO automation_runs_before_602_event_key;
      CREATE TABLE automation_runs (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        rule_id uuid NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        event jsonb NOT NULL,
        matched boolean NOT NULL,
        trace jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'blocked', 'rate_limited')),
        causation jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        duration_ms int,
        PRIMARY KEY (tenant_id, created_at, id)
      ) PARTITION BY RANGE (created_at);
      CREATE INDEX automation_runs_id_idx ON automation_runs (tenant_id, id);
      CREATE INDEX automation_runs_rule_idx ON automation_runs (tenant_id, rule_id, id DESC);
      CREATE TABLE automation_run_keys (
        tenant_id uuid NOT NULL,
        rule_id uuid NOT NULL,
        event_id text NOT NULL,
        run_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, rule_id, event_id)
      );
      CREATE INDEX automation_run_keys_created_idx ON automation_run_keys (created_at);

      ALTER TABLE notifications RENAME TO notifications_before_602;
      ALTER INDEX notifications_recent_idx RENAME TO notifications_before_602_recent_idx;
      ALTER INDEX notifications_pkey RENAME TO notifications_before_602_pkey;
      ALTER INDEX notifications_tenant_id_source_key_key RENAME TO notifications_before_602_source_key;
      CREATE TABLE notifications (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        source_key text NOT NULL,
        title text NOT NULL,
        message text NOT NULL,
        rule_id uuid,
        run_id uuid,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, created_at, id)
      ) PARTITION BY RANGE (created_at);
      CREATE INDEX notifications_recent_idx ON notifications (tenant_id, id DESC);
      CREATE INDEX notifications_source_idx ON notifications (tenant_id, source_key);
      CREATE TABLE notification_keys (
        tenant_id uuid NOT NULL,
        source_key text NOT NULL,
        notification_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, source_key)
      );
      CREATE INDEX notification_keys_created_idx ON notification_keys (created_at);

      -- every month that has rows, and this month and the next three
      SELECT retention_ensure_month(t.parent, m.month)
      FROM (VALUES ('automation_runs'), ('notifications')) AS t (parent)
      CROSS JOIN (
        SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date AS month FROM automation_runs_before_602
        UNION SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date FROM notifications_before_602
        UNION SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + n * interval '1 month')::date
          FROM generate_series(0, 3) AS n
      ) AS m;

      INSERT INTO automation_runs SELECT tenant_id, id, rule_id, event_id, event_type, event, matched, trace, status,
        causation, created_at, finished_at, duration_ms FROM automation_runs_before_602;
      INSERT INTO automation_run_keys (tenant_id, rule_id, event_id, run_id, created_at)
        SELECT tenant_id, rule_id, event_id, id, created_at FROM automation_runs_before_602;
      INSERT INTO notifications SELECT tenant_id, id, source_key, title, message, rule_id, run_id, read_at, created_at
        FROM notifications_before_602;
      INSERT INTO notification_keys (tenant_id, source_key, notification_id, created_at)
        SELECT tenant_id, source_key, id, created_at FROM notifications_before_602;
      DROP TABLE automation_runs_before_602;
      DROP TABLE notifications_before_602;
    `,
  },
];

/** Kysely types of the idempotency ledgers of runs and notifications (merged into `ShardTables`). */
export interface RetentionTables {
  automation_run_keys: {
    tenant_id: string;
    rule_id: string;
    event_id: string;
    run_id: string;
    created_at: Generated<Date>;
  };
  notification_keys: {
    tenant_id: string;
    source_key: string;
    notification_id: string;
    created_at: Generated<Date>;
  };
}
