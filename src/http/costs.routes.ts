import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  CatalogResponseSchema,
  CostSettingsSchema,
  CreateEstimateBodySchema,
  EstimateListQuerySchema,
  EstimateListSchema,
  ExportQuerySchema,
  LocationsResponseSchema,
  MaterialUpsertBodySchema,
  SearchSimilarBodySchema,
  SimilarResponseSchema,
  StoredEstimateSchema,
  CatalogMaterialSchema,
  checkQuantity,
  SURROGATE_KEYS,
  type CachedBody,
  type CostDataService,
  type EstimateRecord,
  type EstimateService,
} from '../costs/index.ts';
import { ifNoneMatchHits, tenantKey, type AppCache } from '../cache/index.ts';
import { replyCached } from './cache-headers.ts';
import { ErrorSchema, IdParams, errorResponses } from './schemas.ts';

const costErrors = { ...errorResponses, 409: ErrorSchema, 422: ErrorSchema };
const adminErrors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 422: ErrorSchema };
const SHARED_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

/** API form of a stored estimate. */
export function estimateJson(record: EstimateRecord) {
  return {
    id: record.id,
    file_id: record.fileId,
    created_at: record.createdAt.toISOString(),
    ...record.estimate,
  };
}

/** Sends a pre-serialized shared body with its ETag, or 304 when the client already has it. */
function sendShared(request: FastifyRequest, reply: FastifyReply, body: CachedBody, surrogateKey: string) {
  void reply
    .header('cache-control', SHARED_CACHE_CONTROL)
    .header('etag', body.etag)
    .header('surrogate-key', surrogateKey);
  if (ifNoneMatchHits(request.headers['if-none-match'], body.etag)) return reply.status(304).send();
  return reply.type('application/json; charset=utf-8').send(body.json);
}

/**
 * Rejects quantities that are not JSON numbers before schema validation: the app's Ajv coerces "100" to 100,
 * which would accept a string where the API promises a number.
 */
function rejectNonNumericQuantities(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  const materials = (request.body as { materials?: unknown } | null)?.materials;
  try {
    if (typeof materials === 'object' && materials !== null && !Array.isArray(materials)) {
      for (const [key, value] of Object.entries(materials)) checkQuantity(key, value);
    }
    done();
  } catch (error) {
    done(error as Error);
  }
}

/** Material catalog and locations (public), operator upsert, the tenant's estimates, search and export. */
export const costRoutes: FastifyPluginAsyncTypebox<{
  costData: CostDataService;
  estimates: EstimateService;
  cache: AppCache;
}> = (app, { costData, estimates, cache }) => {
  app.get(
    '/api/material-catalog',
    {
      config: { access: 'public' },
      schema: {
        summary: 'The material catalog (shared by all tenants; public, cacheable, ETag)',
        tags: ['costs'],
        security: [],
        response: { 200: CatalogResponseSchema, 304: Type.Null() },
      },
    },
    async (request, reply) =>
      sendShared(request, reply, (await costData.snapshot()).catalogBody, SURROGATE_KEYS.material_catalog),
  );

  app.get(
    '/api/material-locations',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Locations with their City Cost Index per CSI division (public, cacheable, ETag)',
        tags: ['costs'],
        security: [],
        response: { 200: LocationsResponseSchema, 304: Type.Null() },
      },
    },
    async (request, reply) =>
      sendShared(
        request,
        reply,
        (await costData.snapshot()).locationsBody,
        SURROGATE_KEYS.material_locations,
      ),
  );

  app.put(
    '/api/admin/materials/:key',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Insert or replace a catalog material (operator); bumps its version',
        tags: ['admin'],
        params: Type.Object({ key: CatalogMaterialSchema.properties.key }),
        body: MaterialUpsertBodySchema,
        response: { 200: CatalogMaterialSchema, ...adminErrors },
      },
    },
    async (request) => costData.upsertMaterial({ ...request.body, key: request.params.key }),
  );

  app.get(
    '/api/cost-settings',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: "The tenant's overhead and profit percent",
        tags: ['costs'],
        response: { 200: CostSettingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const markup = await costData.markup(request.auth.tenantId);
      return { overhead_pct: markup.overheadPct, profit_pct: markup.profitPct };
    },
  );

  app.put(
    '/api/cost-settings',
    {
      config: { access: 'tenant', role: 'owner' },
      schema: {
        summary: "Set the tenant's overhead and profit percent",
        tags: ['costs'],
        body: CostSettingsSchema,
        response: { 200: CostSettingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      await costData.setMarkup(request.auth.tenantId, {
        overheadPct: request.body.overhead_pct,
        profitPct: request.body.profit_pct,
      });
      return request.body;
    },
  );

  app.post(
    '/api/cost-estimates',
    {
      config: { access: 'tenant', role: 'estimator', heavy: true },
      preValidation: rejectNonNumericQuantities,
      schema: {
        summary:
          "Price a file's completed analysis ({file_id, location}) or a raw map ({materials, location}); quantities in catalog units",
        tags: ['costs'],
        body: CreateEstimateBodySchema,
        response: { 201: StoredEstimateSchema, ...costErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(estimateJson(await estimates.create(request.auth.tenantId, request.body))),
  );

  app.get(
    '/api/cost-estimates',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: "The tenant's estimates, newest first (cursor pagination)",
        tags: ['costs'],
        querystring: EstimateListQuerySchema,
        response: { 200: EstimateListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const page = await estimates.list(request.auth.tenantId, request.query);
      return {
        items: page.items.map((s) => ({
          id: s.id,
          file_id: s.fileId,
          location: s.locationKey,
          currency: s.currency,
          material_cost: s.materialCost,
          installation_cost: s.installationCost,
          total: s.total,
          created_at: s.createdAt.toISOString(),
        })),
        next_cursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/api/cost-estimates/:id',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: 'One estimate with its lines and division subtotals',
        tags: ['costs'],
        params: IdParams,
        response: { 200: StoredEstimateSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.auth;
      const key = tenantKey(tenantId, 'cost_estimates', request.params.id);
      return replyCached(
        request,
        reply,
        cache,
        key,
        async () => estimateJson(await estimates.get(tenantId, request.params.id)),
        {
          cacheClass: 'private',
        },
      );
    },
  );

  app.get(
    '/api/cost-estimates/:id/export',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: 'Download the estimate as an xlsx workbook (Summary, Lines) or CSV',
        tags: ['costs'],
        params: IdParams,
        querystring: ExportQuerySchema,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
        response: { 200: Type.Unknown({ description: 'the xlsx workbook or CSV file' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const { body, filename } = await estimates.export(request.auth.tenantId, request.params.id, format);
      const type =
        format === 'xlsx'
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv; charset=utf-8';
      return reply
        .header('content-type', type)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );

  app.post(
    '/api/cost-estimates/search-similar',
    {
      config: { access: 'tenant', role: 'viewer', heavy: true },
      preValidation: rejectNonNumericQuantities,
      schema: {
        summary:
          "The tenant's most similar estimates (cosine of log-scaled material vectors; same location preferred)",
        tags: ['costs'],
        body: SearchSimilarBodySchema,
        response: { 200: SimilarResponseSchema, ...costErrors },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.auth;
      // Keyed by the tenant and a hash of the normalized payload; a new estimate invalidates the kind.
      const key = tenantKey(tenantId, 'similar_search', request.body);
      return replyCached(
        request,
        reply,
        cache,
        key,
        async () => ({ items: await estimates.searchSimilar(tenantId, request.body) }),
        {
          cacheClass: 'private',
        },
      );
    },
  );
  return Promise.resolve();
};
