import { tenantKey, type AppCache } from '../cache/index.ts';
import type { UsageViewsRepository } from './usage-views.repository.ts';
import { emptyTenantUsage, tenantUsageJson, type TenantUsageJson } from './usage.views.ts';
import type { ViewRefresher } from './view-refresher.ts';

/** The shard holding a tenant's rows: its name in reports and its views. */
export interface TenantShardViews {
  name: string;
  views: UsageViewsRepository;
}

/** Usage reports read from the analytics views: every tenant for the operator, one tenant for itself. */
export class UsageService {
  constructor(
    private readonly parts: {
      shards(): ReadonlyArray<[name: string, views: UsageViewsRepository]>;
      shardOf(tenantId: string): TenantShardViews;
      refresher: ViewRefresher;
      cache: AppCache;
    },
  ) {}

  /** Every tenant of every shard, merged and ordered by bytes stored; `refresh` refreshes the views first. */
  async listAll(options: { refresh: boolean }): Promise<TenantUsageJson[]> {
    if (options.refresh) await this.parts.refresher.refreshAll();
    const perShard = await Promise.all(
      this.parts.shards().map(async ([name, views]) => tenantUsageJson(name, await views.listAll())),
    );
    return perShard
      .flat()
      .sort((a, b) => b.total_bytes - a.total_bytes || a.tenant_id.localeCompare(b.tenant_id));
  }

  /** The calling tenant's own rows (cached per tenant; the views change only when refreshed). */
  getForTenant(tenantId: string): Promise<TenantUsageJson> {
    return this.parts.cache.getOrSet(tenantKey(tenantId, 'usage_summary'), async () => {
      const { name, views } = this.parts.shardOf(tenantId);
      const usage = await views.listForTenant(tenantId);
      return tenantUsageJson(name, usage)[0] ?? emptyTenantUsage(tenantId, name, usage);
    });
  }
}
