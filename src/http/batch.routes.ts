import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BatchBodySchema, BatchResponseSchema, type BatchService } from '../costs/index.ts';
import { ErrorSchema, errorResponses } from './schemas.ts';

/** Batch processing of many files of the tenant. */
export const batchRoutes: FastifyPluginAsyncTypebox<{ batch: BatchService }> = (app, { batch }) => {
  app.post(
    '/api/batch/process-files',
    {
      schema: {
        summary: 'Queue analysis and/or estimates for up to 500 files; answers per id (queued, not_found)',
        tags: ['batch'],
        body: BatchBodySchema,
        response: { 202: BatchResponseSchema, ...errorResponses, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { file_ids, actions, location } = request.body;
      const items = await batch.processFiles(request.auth.tenantId, { fileIds: file_ids, actions, location });
      const count = (status: string) => items.filter((item) => item.status === status).length;
      return reply.status(202).send({ items, queued: count('queued'), not_found: count('not_found') });
    },
  );
  return Promise.resolve();
};
