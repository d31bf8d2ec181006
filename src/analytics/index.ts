// Public surface of the analytics module: import from here, not from the files.
export { createAnalytics, type Analytics, type AnalyticsModuleDeps } from './analytics.module.ts';
export {
  SlowQueryService,
  slowQueryTable,
  type SlowQuery,
  type SlowQueryReport,
} from './slow-query.service.ts';
export { UsageService } from './usage.service.ts';
export type { TenantUsageJson, FileMonthJson, EstimateMonthJson } from './usage.views.ts';
export { ANALYTICS_VIEWS, type AnalyticsView } from './usage-views.repository.ts';
export { runDbCommand, DB_USAGE } from './db.command.ts';
export { RetentionService, type RetentionSettings, type RetiredMonth } from './retention.service.ts';
