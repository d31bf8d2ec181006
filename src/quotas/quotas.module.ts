import type { Kysely } from 'kysely';
import { tenantKey, type AppCache, type BatchStore } from '../cache/index.ts';
import type { ControlTables, ShardRouter } from '../db/index.ts';
import { QuotaLimitRepository } from './quota-limit.repository.ts';
import { QuotaUsageRepository } from './quota-usage.repository.ts';
import type { QuotaLimits } from './quota.limits.ts';
import { QuotaService, type TenantQuotaLimits } from './quota.service.ts';
import type { StreamSlots } from './stream-slots.ts';

/** What the quotas module is built from. */
export interface QuotasModuleDeps {
  /** The default limits (QUOTA_* variables). */
  limits: QuotaLimits;
  router: ShardRouter;
  /** The control database, where an operator's per-tenant limits are kept. */
  control: Kysely<ControlTables>;
  cache: AppCache;
  /** Per-minute and per-day windows (Redis, or this process's memory without Redis). */
  windows: BatchStore;
  /** Open event stream slots per tenant (Redis, or this process's memory without Redis). */
  streams: StreamSlots;
}

/** Builds the quota service over the usage rows on each tenant's shard and the per-tenant limits (cached). */
export function createQuotas(d: QuotasModuleDeps): QuotaService {
  const repository = new QuotaLimitRepository(d.control);
  const key = (tenantId: string) => tenantKey(tenantId, 'user_settings', 'quota_limits');
  const tenantLimits: TenantQuotaLimits = {
    of: (tenantId) => d.cache.getOrSet(key(tenantId), () => repository.overrides(tenantId)),
    change: async (tenantId, changes) => {
      await repository.change(tenantId, changes);
      await d.cache.delete(key(tenantId));
    },
  };
  return new QuotaService(d.limits, tenantLimits, new QuotaUsageRepository(d.router), d.windows, d.streams);
}
