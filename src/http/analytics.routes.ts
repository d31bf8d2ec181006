import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { SlowQueryService, UsageService } from '../analytics/index.ts';
import { ErrorSchema, errorResponses } from './schemas.ts';

const adminErrors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };
const nullableNumber = Type.Union([Type.Number(), Type.Null()]);
const nullableTime = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const Unavailable = Type.Array(Type.Object({ shard: Type.String(), reason: Type.String() }), {
  description: 'Databases without statement statistics (pg_stat_statements not preloaded), and why',
});
const SlowQuerySchema = Type.Object({
  shard: Type.String({ description: '`control`, `shard_0`, …' }),
  query: Type.String(),
  calls: Type.Number(),
  mean_ms: Type.Number(),
  total_ms: Type.Number(),
  rows: Type.Number(),
});
const FileMonthSchema = Type.Object({
  month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
  uploads: Type.Integer(),
  analyses_completed: Type.Integer(),
  analyses_failed: Type.Integer(),
  dwg_files: Type.Integer(),
  dxf_files: Type.Integer(),
  ifc_files: Type.Integer(),
  pdf_files: Type.Integer(),
  bytes: Type.Integer(),
  p50_analysis_ms: nullableNumber,
  p95_analysis_ms: nullableNumber,
});
const EstimateMonthSchema = Type.Object({
  location_key: Type.String(),
  month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }),
  estimates: Type.Integer(),
  currency: Type.String(),
  material_cost: Type.Number(),
  installation_cost: Type.Number(),
  total: Type.Number(),
  by_division: Type.Record(Type.String(), Type.Number(), { description: 'Total per CSI division' }),
});
const TenantUsageSchema = Type.Object({
  tenant_id: Type.String({ format: 'uuid' }),
  shard: Type.String(),
  file_count: Type.Integer(),
  total_bytes: Type.Integer(),
  avg_processing_ms: nullableNumber,
  last_upload_at: nullableTime,
  estimates: Type.Integer(),
  estimates_total: Type.Number(),
  last_estimate_at: nullableTime,
  refreshed_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the views these numbers come from were last refreshed (the oldest of them)',
  }),
  months: Type.Array(FileMonthSchema),
  cost_estimates: Type.Array(EstimateMonthSchema),
});

/** The slow-query report and the usage reports (operator), and a tenant's own usage. */
export const analyticsRoutes: FastifyPluginAsyncTypebox<{
  slowQueries: SlowQueryService;
  usage: UsageService;
}> = async (app, { slowQueries, usage }) => {
  app.get(
    '/api/admin/slow-queries',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'The statements with the worst mean time on the control database and every shard',
        tags: ['admin'],
        querystring: Type.Object({
          min_mean_ms: Type.Number({ minimum: 0, default: 0 }),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 20 }),
        }),
        response: {
          200: Type.Object({ rows: Type.Array(SlowQuerySchema), unavailable: Unavailable }),
          ...adminErrors,
        },
      },
    },
    async (request) => slowQueries.report(request.query.min_mean_ms, request.query.limit),
  );

  app.post(
    '/api/admin/slow-queries/reset',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Forget the statement statistics of the control database and every shard',
        tags: ['admin'],
        response: {
          200: Type.Object({ reset: Type.Array(Type.String()), unavailable: Unavailable }),
          ...adminErrors,
        },
      },
    },
    async () => slowQueries.reset(),
  );

  app.get(
    '/api/admin/usage',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          'Usage of every tenant on every shard, from the analytics views (`refresh=true` refreshes them first)',
        tags: ['admin'],
        querystring: Type.Object({ refresh: Type.Boolean({ default: false }) }),
        response: { 200: Type.Object({ items: Type.Array(TenantUsageSchema) }), ...adminErrors },
      },
    },
    async (request) => ({ items: await usage.listAll({ refresh: request.query.refresh }) }),
  );

  app.get(
    '/api/usage',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary:
          "The calling tenant's usage: files, bytes, processing time, estimates, per month (refreshed every few minutes)",
        tags: ['tenants'],
        response: { 200: TenantUsageSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'private, no-cache');
      return usage.getForTenant(request.auth.tenantId);
    },
  );
};
