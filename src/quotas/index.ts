export { QuotaService, type TenantQuotaLimits } from './quota.service.ts';
export type { QuotaOverrides } from './quota-limit.repository.ts';
export { QuotaUsageRepository } from './quota-usage.repository.ts';
export { LocalStreamSlots, RedisStreamSlots, type StreamSlots } from './stream-slots.ts';
export { QuotaExceededError } from './quota.errors.ts';
export {
  QUOTA_NAMES,
  secondsUntilNextUtcDay,
  utcDay,
  type QuotaLimits,
  type QuotaName,
  type QuotaUsage,
} from './quota.limits.ts';
export { createQuotas, type QuotasModuleDeps } from './quotas.module.ts';
