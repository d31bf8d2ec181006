import { sql, type Kysely } from 'kysely';

/** The shard's materialized views, in the order they are refreshed. */
export const ANALYTICS_VIEWS = ['tenant_usage_summary', 'file_analytics', 'cost_estimate_summary'] as const;
/** One of the analytics views. */
export type AnalyticsView = (typeof ANALYTICS_VIEWS)[number];

/** A tenant's row of `tenant_usage_summary`. */
export interface TenantUsageRow {
  tenant_id: string;
  file_count: number;
  total_bytes: number;
  avg_processing_ms: number | null;
  last_upload_at: Date | null;
  estimates: number;
  estimates_total: number;
  last_estimate_at: Date | null;
}

/** A row of `file_analytics` (one tenant, one UTC month). */
export interface FileMonthRow {
  tenant_id: string;
  month: string;
  uploads: number;
  analyses_completed: number;
  analyses_failed: number;
  dwg_files: number;
  dxf_files: number;
  ifc_files: number;
  pdf_files: number;
  bytes: number;
  p50_analysis_ms: number | null;
  p95_analysis_ms: number | null;
}

/** A row of `cost_estimate_summary` (one tenant, location and UTC month). */
export interface EstimateMonthRow {
  tenant_id: string;
  location_key: string;
  month: string;
  estimates: number;
  currency: string;
  material_cost: number;
  installation_cost: number;
  total: number;
  by_division: Record<string, number>;
}

/** When a view was last refreshed and how long that took. */
export interface ViewRefresh {
  view_name: AnalyticsView;
  refreshed_at: Date;
  duration_ms: number;
}

/** Everything the views hold, for every tenant of the shard or for one. */
export interface ShardUsage {
  tenants: TenantUsageRow[];
  months: FileMonthRow[];
  estimates: EstimateMonthRow[];
  refreshes: ViewRefresh[];
}

/** The only SQL over the analytics views of one shard. */
export class UsageViewsRepository {
  constructor(private readonly db: Kysely<unknown>) {}

  /**
   * Refreshes every view concurrently (readers keep the old rows meanwhile), unless another process is
   * refreshing this shard: one refresher per shard, under a transaction-level advisory lock (safe behind
   * pgbouncer). Answers each view's duration, or undefined when the lock was taken.
   */
  async refresh(): Promise<Array<{ view: AnalyticsView; ms: number }> | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const lock = await sql<{ locked: boolean }>`
        SELECT pg_try_advisory_xact_lock(hashtext('construction-ai:analytics-refresh')) AS locked`.execute(
        trx,
      );
      if (!lock.rows[0]?.locked) return undefined;
      const durations: Array<{ view: AnalyticsView; ms: number }> = [];
      for (const view of ANALYTICS_VIEWS) {
        const started = performance.now();
        await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY ${sql.table(view)}`.execute(trx);
        const ms = performance.now() - started;
        await sql`UPDATE analytics_refreshes SET refreshed_at = clock_timestamp(), duration_ms = ${Math.round(ms)}
          WHERE view_name = ${view}`.execute(trx);
        durations.push({ view, ms });
      }
      return durations;
    });
  }

  /** When each view was last refreshed. */
  async listRefreshes(): Promise<ViewRefresh[]> {
    const result = await sql<ViewRefresh>`
      SELECT view_name, refreshed_at, duration_ms FROM analytics_refreshes ORDER BY view_name`.execute(
      this.db,
    );
    return result.rows;
  }

  /** The rows of every tenant on the shard (the operator's report), in one round trip per view. */
  async listAll(): Promise<ShardUsage> {
    const [tenants, months, estimates, refreshes] = await Promise.all([
      sql<TenantUsageRow>`SELECT * FROM tenant_usage_summary ORDER BY tenant_id`.execute(this.db),
      sql<FileMonthRow>`SELECT ${monthColumns} FROM file_analytics ORDER BY tenant_id, month`.execute(
        this.db,
      ),
      sql<EstimateMonthRow>`SELECT ${estimateColumns} FROM cost_estimate_summary
        ORDER BY tenant_id, month, location_key`.execute(this.db),
      this.listRefreshes(),
    ]);
    return { tenants: tenants.rows, months: months.rows, estimates: estimates.rows, refreshes };
  }

  /** One tenant's rows: the filter is in the SQL, on each view's leading unique-index column. */
  async listForTenant(tenantId: string): Promise<ShardUsage> {
    const [tenants, months, estimates, refreshes] = await Promise.all([
      sql<TenantUsageRow>`SELECT * FROM tenant_usage_summary WHERE tenant_id = ${tenantId}`.execute(this.db),
      sql<FileMonthRow>`SELECT ${monthColumns} FROM file_analytics WHERE tenant_id = ${tenantId}
        ORDER BY month`.execute(this.db),
      sql<EstimateMonthRow>`SELECT ${estimateColumns} FROM cost_estimate_summary WHERE tenant_id = ${tenantId}
        ORDER BY month, location_key`.execute(this.db),
      this.listRefreshes(),
    ]);
    return { tenants: tenants.rows, months: months.rows, estimates: estimates.rows, refreshes };
  }
}

// Months as 'YYYY-MM' text, so no time zone can shift them.
const monthColumns = sql.raw(`tenant_id, to_char(month, 'YYYY-MM') AS month, uploads, analyses_completed,
  analyses_failed, dwg_files, dxf_files, ifc_files, pdf_files, bytes, p50_analysis_ms, p95_analysis_ms`);
const estimateColumns =
  sql.raw(`tenant_id, location_key, to_char(month, 'YYYY-MM') AS month, estimates, currency,
  material_cost, installation_cost, total, by_division`);
