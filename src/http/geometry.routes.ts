import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { geometryKey, type AnalysisService } from '../files/index.ts';
import type { AppCache } from '../cache/index.ts';
import { replyPreview } from './preview-reply.ts';
import { IdParams } from './schemas.ts';

/**
 * `GET /api/files/{id}/geometry`: the plan as JSON for the web app's viewer — every drawn entity with its
 * handle, layer, element class and the inserts that placed it, so takeoff lines (which list handles) can be
 * traced on the plan. Rendered by a worker like the SVG preview, cached and gzipped the same way.
 */
export const geometryRoutes: FastifyPluginAsyncTypebox<{
  analyses: AnalysisService;
  cache: AppCache;
}> = async (app, { analyses, cache }) => {
  app.get(
    '/api/files/:id/geometry',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary:
          'The plan as JSON: entities (handle h, layer l, class c, insert n, kind k, integer coordinates d from origin in step units), layers, classes, inserts',
        tags: ['analysis'],
        params: IdParams,
        produces: ['application/json'],
      },
    },
    async (request, reply) => {
      const { tenantId } = request.auth;
      const fileId = request.params.id;
      return replyPreview(
        request,
        reply,
        cache,
        geometryKey(tenantId, fileId),
        (signal) => analyses.geometry(tenantId, fileId, signal),
        'application/json; charset=utf-8',
      );
    },
  );
};
