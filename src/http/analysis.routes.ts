import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ANALYSIS_STATUSES,
  analysisJson,
  analysisKey,
  analysisViewJson,
  previewKey,
  type AnalysisService,
} from '../files/index.ts';
import { UNIT_OVERRIDES } from '../analysis/index.ts';
import type { AppCache } from '../cache/index.ts';
import { replyCached } from './cache-headers.ts';
import { replyPreview } from './preview-reply.ts';
import { IdParams, errorResponses } from './schemas.ts';

const AnalysisSchema = Type.Object({
  file_id: Type.String({ format: 'uuid' }),
  status: Type.Union(ANALYSIS_STATUSES.map((status) => Type.Literal(status))),
  attempts: Type.Integer(),
  started_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  completed_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  duration_ms: Type.Union([Type.Integer(), Type.Null()]),
  options: Type.Record(Type.String(), Type.Unknown()),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  result: Type.Unknown(),
});

const RefreshBody = Type.Object(
  {
    storey_height: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'metres' })),
    units: Type.Optional(
      Type.Union(
        UNIT_OVERRIDES.map((u) => Type.Literal(u)),
        { description: 'the drawing unit of this file, overriding its header and the evidence' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A file's analysis: state, result or reading error, and re-runs. */
export const analysisRoutes: FastifyPluginAsyncTypebox<{
  analyses: AnalysisService;
  cache: AppCache;
}> = async (app, { analyses, cache }) => {
  app.get(
    '/api/files/:id/analysis',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary:
          'The takeoff of a file: pending, processing, completed (with result) or failed (with the reading error)',
        tags: ['analysis'],
        params: IdParams,
        response: { 200: AnalysisSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.auth;
      const key = analysisKey(tenantId, request.params.id);
      return replyCached(
        request,
        reply,
        cache,
        key,
        () => analysisViewJson(analyses, tenantId, request.params.id),
        {
          cacheClass: 'private',
        },
      );
    },
  );

  app.get(
    '/api/files/:id/preview.svg',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: 'The drawing as SVG, classified elements coloured, with a legend',
        tags: ['analysis'],
        params: IdParams,
        produces: ['image/svg+xml'],
      },
    },
    async (request, reply) => {
      const { tenantId } = request.auth;
      return replyPreview(request, reply, cache, previewKey(tenantId, request.params.id), (signal) =>
        analyses.preview(tenantId, request.params.id, signal),
      );
    },
  );

  app.post(
    '/api/files/:id/analysis/refresh',
    {
      config: { access: 'tenant', role: 'estimator' },
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        summary: 'Re-run the analysis (after layer mapping changes, or with another storey height)',
        tags: ['analysis'],
        params: IdParams,
        body: RefreshBody,
        response: { 202: AnalysisSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { storey_height: storeyHeight, units } = request.body;
      const options = {
        ...(storeyHeight === undefined ? {} : { storeyHeight }),
        ...(units === undefined ? {} : { units }),
      };
      const analysis = await analyses.refresh(request.auth.tenantId, request.params.id, options);
      return reply.status(202).send(analysisJson(analysis));
    },
  );
};
