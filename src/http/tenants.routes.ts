import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { TenantService } from '../tenants/index.ts';
import type { AppCache } from '../cache/index.ts';
import type { QuotaService } from '../quotas/index.ts';
import { ErrorSchema, IdParams, errorResponses } from './schemas.ts';
import { SessionUserSchema } from './auth.routes.ts';

const QuotaSchema = Type.Object({ limit: Type.Integer(), used: Type.Integer() });
const TenantSchema = Type.Object({ tenantId: Type.String(), name: Type.String(), createdAt: Type.String() });
const adminErrors = { 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 400: ErrorSchema };
const NewKeySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 100 })),
    role: Type.Optional(SessionUserSchema.properties.role),
  },
  { additionalProperties: false },
);
const CreatedKeySchema = Type.Object({
  keyId: Type.String(),
  apiKey: Type.String(),
  role: SessionUserSchema.properties.role,
});
const ApiKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  prefix: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: SessionUserSchema.properties.role,
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const ownerErrors = { ...errorResponses, 403: ErrorSchema };

/** `GET /api/me` for tenants, and the operator's tenant and key management under `/api/admin`. */
export const tenantRoutes: FastifyPluginAsyncTypebox<{
  tenants: TenantService;
  cache: AppCache;
  quotas: Pick<QuotaService, 'show'>;
}> = async (app, { tenants, cache, quotas }) => {
  app.get(
    '/api/me',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary:
          'The calling tenant and its quotas (limit and current use of each); the API key or the signed-in user, and the role',
        tags: ['tenants'],
        response: {
          200: Type.Object({
            tenantId: Type.String(),
            name: Type.String(),
            role: SessionUserSchema.properties.role,
            /** Present when the caller used an API key. */
            keyId: Type.Optional(Type.String()),
            /** Present when the caller is signed in. */
            user: Type.Optional(SessionUserSchema),
            quotas: Type.Record(Type.String(), QuotaSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const caller = request.auth;
      const { tenantId, tenantName: name, role } = caller;
      const quotasNow = await quotas.show(tenantId);
      if (caller.kind === 'key') return { tenantId, name, role, keyId: caller.keyId, quotas: quotasNow };
      const { userId: id, email } = caller.session;
      return { tenantId, name, role, user: { id, email, role, tenantId }, quotas: quotasNow };
    },
  );

  app.get(
    '/api/api-keys',
    {
      config: { access: 'tenant', role: 'owner' },
      schema: {
        summary: "The tenant's API keys, revoked ones included (owners only; never the secrets)",
        tags: ['tenants'],
        response: { 200: Type.Object({ items: Type.Array(ApiKeySchema) }), ...ownerErrors },
      },
    },
    async (request) => ({
      items: (await tenants.listApiKeys(request.auth.tenantId)).map((key) => ({
        id: key.id,
        prefix: key.prefix,
        name: key.name,
        role: key.role,
        createdAt: key.createdAt.toISOString(),
        revokedAt: key.revokedAt?.toISOString() ?? null,
      })),
    }),
  );

  app.post(
    '/api/api-keys',
    {
      config: { access: 'tenant', role: 'owner' },
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: {
        summary: 'Create an API key for the tenant (owners only; the secret is shown once), acting as `role`',
        tags: ['tenants'],
        body: NewKeySchema,
        response: { 201: CreatedKeySchema, ...ownerErrors },
      },
    },
    async (request, reply) => {
      const key = await tenants.createApiKey(request.auth.tenantId, request.body.name, request.body.role);
      return reply.status(201).send(key);
    },
  );

  app.delete(
    '/api/api-keys/:id',
    {
      config: { access: 'tenant', role: 'owner' },
      schema: {
        summary: "Revoke one of the tenant's API keys (owners only; effective at once in every process)",
        tags: ['tenants'],
        params: IdParams,
        response: { 204: Type.Null(), ...ownerErrors },
      },
    },
    async (request, reply) => {
      await tenants.revokeApiKey(request.params.id, request.auth.tenantId);
      return reply.status(204).send(null);
    },
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
        summary: 'Create another API key for a tenant (shown once), acting as `role` (default owner)',
        tags: ['admin'],
        params: IdParams,
        body: NewKeySchema,
        response: { 200: CreatedKeySchema, ...adminErrors },
      },
    },
    async (request) => tenants.createApiKey(request.params.id, request.body.name, request.body.role),
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
