import type { BatchStore } from '../cache/index.ts';
import type { ShardRouter } from '../db/index.ts';
import { QuotaUsageRepository } from './quota-usage.repository.ts';
import type { QuotaLimits } from './quota.limits.ts';
import { QuotaService } from './quota.service.ts';
import type { StreamSlots } from './stream-slots.ts';

/** What the quotas module is built from. */
export interface QuotasModuleDeps {
  limits: QuotaLimits;
  router: ShardRouter;
  /** Per-minute and per-day windows (Redis, or this process's memory without Redis). */
  windows: BatchStore;
  /** Open event stream slots per tenant (Redis, or this process's memory without Redis). */
  streams: StreamSlots;
}

/** Builds the quota service over the usage rows on each tenant's shard. */
export function createQuotas(d: QuotasModuleDeps): QuotaService {
  return new QuotaService(d.limits, new QuotaUsageRepository(d.router), d.windows, d.streams);
}
