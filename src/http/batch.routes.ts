import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BatchBodySchema, BatchResponseSchema, type BatchService, type BatchUsage } from '../costs/index.ts';
import type { QuotaService } from '../quotas/index.ts';
import { ErrorSchema, errorResponses } from './schemas.ts';

/** Batch processing of many files of the tenant; each distinct id counts against `batch_ids_per_day`. */
export const batchRoutes: FastifyPluginAsyncTypebox<{
  batch: BatchService;
  usage: BatchUsage;
  quotas: Pick<QuotaService, 'reserveBatchIds'>;
}> = (app, { batch, usage, quotas }) => {
  app.post(
    '/api/batch/process-files',
    {
      config: { access: 'tenant', role: 'estimator', heavy: true },
      schema: {
        summary: 'Queue analysis and/or estimates for up to 500 files; answers per id (queued, not_found)',
        tags: ['batch'],
        body: BatchBodySchema,
        response: { 202: BatchResponseSchema, ...errorResponses, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { file_ids, actions, location } = request.body;
      const { tenantId } = request.auth;
      await quotas.reserveBatchIds(tenantId, new Set(file_ids).size);
      const items = await batch.processFiles(tenantId, { fileIds: file_ids, actions, location });
      const count = (status: string) => items.filter((item) => item.status === status).length;
      const queued = count('queued');
      const queuedToday = await usage.record(
        tenantId,
        Object.fromEntries(actions.map((action) => [action, queued])),
      );
      return reply
        .status(202)
        .send({ items, queued, not_found: count('not_found'), queued_today: queuedToday });
    },
  );
  return Promise.resolve();
};
