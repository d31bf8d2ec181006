import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { TenantService } from '../tenants/index.ts';
import type { AppCache } from '../cache/index.ts';
import type { QuotaService } from '../quotas/index.ts';
import { ErrorSchema, IdParams, errorResponses } from './schemas.ts';

const QuotaSchema = Type.Object({ limit: Type.Integer(), used: Type.Integer() });
const TenantSchema = Type.Object({ tenantId: Type.String(), name: Type.String(), createdAt: Type.String() });
const adminErrors = { 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 400: ErrorSchema };

/** `GET /api/me` for tenants, and the operator's tenant and key management under `/api/admin`. */
export const tenantRoutes: FastifyPluginAsyncTypebox<{
  tenants: TenantService;
  cache: AppCache;
  quotas: Pick<QuotaService, 'show'>;
}> = async (app, { tenants, cache, quotas }) => {
  app.get(
    '/api/me',
    {
      config: { access: 'tenant' },
      schema: {
        summary: 'The calling tenant and its quotas (limit and current use of each)',
        tags: ['tenants'],
        response: {
          200: Type.Object({
            tenantId: Type.String(),
            name: Type.String(),
            keyId: Type.String(),
            quotas: Type.Record(Type.String(), QuotaSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      tenantId: request.auth.tenantId,
      name: request.auth.tenantName,
      keyId: request.auth.keyId,
      quotas: await quotas.show(request.auth.tenantId),
    }),
  );

  app.post(
    '/api/admin/tenants',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Create a tenant and its first API key (shown once)',
        tags: ['admin'],
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            tenantId: Type.String(),
            name: Type.String(),
            apiKey: Type.String(),
            keyId: Type.String(),
          }),
          ...adminErrors,
        },
      },
    },
    async (request) => {
      const { tenant, apiKey, keyId } = await tenants.createTenant(request.body.name);
      return { tenantId: tenant.id, name: tenant.name, apiKey, keyId };
    },
  );

  app.get(
    '/api/admin/tenants',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'List tenants',
        tags: ['admin'],
        response: { 200: Type.Object({ items: Type.Array(TenantSchema) }), ...adminErrors },
      },
    },
    async () => ({
      items: (await tenants.listTenants()).map((t) => ({
        tenantId: t.id,
        name: t.name,
        createdAt: t.createdAt.toISOString(),
      })),
    }),
  );

  app.post(
    '/api/admin/tenants/:id/api-keys',
    {
      config: { access: 'operator' },
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        summary: 'Create another API key for a tenant (shown once)',
        tags: ['admin'],
        params: IdParams,
        body: Type.Object(
          { name: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ keyId: Type.String(), apiKey: Type.String() }), ...adminErrors },
      },
    },
    async (request) => tenants.createApiKey(request.params.id, request.body.name),
  );

  app.delete(
    '/api/admin/api-keys/:id',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Revoke an API key (effective at once)',
        tags: ['admin'],
        params: IdParams,
        response: { 204: Type.Null(), ...adminErrors },
      },
    },
    async (request, reply) => {
      await tenants.revokeApiKey(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/cache-stats',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Cache hits and misses, overall and per kind',
        tags: ['admin'],
        response: {
          200: Type.Object({
            overall: Type.Object({ hits: Type.Number(), misses: Type.Number(), hitRate: Type.Number() }),
            kinds: Type.Record(
              Type.String(),
              Type.Object({ hits: Type.Number(), misses: Type.Number(), hitRate: Type.Number() }),
            ),
          }),
          ...adminErrors,
        },
      },
    },
    async () => cache.stats(),
  );
};
