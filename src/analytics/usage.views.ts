import type {
  EstimateMonthRow,
  FileMonthRow,
  ShardUsage,
  TenantUsageRow,
  ViewRefresh,
} from './usage-views.repository.ts';

/** A tenant's month of files, as the usage report shows it. */
export type FileMonthJson = Omit<FileMonthRow, 'tenant_id'>;
/** A tenant's month of estimates at one location, as the usage report shows it. */
export type EstimateMonthJson = Omit<EstimateMonthRow, 'tenant_id'>;

/** One tenant's usage, from the analytics views of its shard. */
export interface TenantUsageJson {
  tenant_id: string;
  shard: string;
  file_count: number;
  total_bytes: number;
  avg_processing_ms: number | null;
  last_upload_at: string | null;
  estimates: number;
  estimates_total: number;
  last_estimate_at: string | null;
  /** When the oldest of the views these numbers come from was refreshed. */
  refreshed_at: string | null;
  months: FileMonthJson[];
  cost_estimates: EstimateMonthJson[];
}

/** The tenant rows of one shard's views, each with its months and estimates. */
export function tenantUsageJson(shard: string, usage: ShardUsage): TenantUsageJson[] {
  const refreshedAt = oldestRefresh(usage.refreshes);
  const months = groupByTenant(usage.months);
  const estimates = groupByTenant(usage.estimates);
  const tenantIds = new Set([
    ...usage.tenants.map((row) => row.tenant_id),
    ...months.keys(),
    ...estimates.keys(),
  ]);
  const byId = new Map(usage.tenants.map((row) => [row.tenant_id, row]));
  return [...tenantIds].map((tenantId) => {
    const row = byId.get(tenantId) ?? emptyUsage(tenantId);
    return {
      tenant_id: tenantId,
      shard,
      file_count: row.file_count,
      total_bytes: row.total_bytes,
      avg_processing_ms: roundTo(row.avg_processing_ms, 1),
      last_upload_at: row.last_upload_at?.toISOString() ?? null,
      estimates: row.estimates,
      estimates_total: roundTo(row.estimates_total, 2),
      last_estimate_at: row.last_estimate_at?.toISOString() ?? null,
      refreshed_at: refreshedAt,
      months: (months.get(tenantId) ?? []).map(({ tenant_id: _t, ...month }) => ({
        ...month,
        p50_analysis_ms: roundTo(month.p50_analysis_ms, 1),
        p95_analysis_ms: roundTo(month.p95_analysis_ms, 1),
      })),
      cost_estimates: (estimates.get(tenantId) ?? []).map(({ tenant_id: _t, ...month }) => ({
        ...month,
        material_cost: roundTo(month.material_cost, 2),
        installation_cost: roundTo(month.installation_cost, 2),
        total: roundTo(month.total, 2),
      })),
    };
  });
}

/** A tenant the views do not know yet (nothing uploaded or estimated before the last refresh). */
export function emptyTenantUsage(tenantId: string, shard: string, usage: ShardUsage): TenantUsageJson {
  return tenantUsageJson(shard, { ...usage, tenants: [emptyUsage(tenantId)] })[0]!;
}

function emptyUsage(tenantId: string): TenantUsageRow {
  return {
    tenant_id: tenantId,
    file_count: 0,
    total_bytes: 0,
    avg_processing_ms: null,
    last_upload_at: null,
    estimates: 0,
    estimates_total: 0,
    last_estimate_at: null,
  };
}

/** Sums of doubles shown to `digits` decimals (money to the cent, milliseconds to a tenth). */
function roundTo<T extends number | null>(value: T, digits: number): T {
  if (value === null) return value;
  const scale = 10 ** digits;
  return (Math.round(value * scale) / scale) as T;
}

function oldestRefresh(refreshes: ViewRefresh[]): string | null {
  if (refreshes.length === 0) return null;
  return new Date(Math.min(...refreshes.map((r) => r.refreshed_at.getTime()))).toISOString();
}

function groupByTenant<T extends { tenant_id: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.tenant_id);
    if (group) group.push(row);
    else groups.set(row.tenant_id, [row]);
  }
  return groups;
}
