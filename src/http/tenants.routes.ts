import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { TenantService } from '../tenants/index.ts';
import type { AppCache } from '../cache/index.ts';
import { QUOTA_NAMES, type QuotaService } from '../quotas/index.ts';
import { ErrorSchema, IdParams, errorResponses } from './schemas.ts';
import { SessionUserSchema } from './auth.routes.ts';

const QuotaSchema = Type.Object({ limit: Type.Integer(), used: Type.Integer() });
/** An operator's change of a tenant's limits: a number sets the tenant's own, null returns it to the default. */
const QuotaChangeSchema = Type.Object(
  Object.fromEntries(
    QUOTA_NAMES.map((name) => [name, Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]))]),
  ),
  { additionalProperties: false, minProperties: 1 },
);
const TenantQuotasSchema = Type.Object({
  tenantId: Type.String(),
  quotas: Type.Record(Type.String(), QuotaSchema),
  /** The limits set for this tenant (the others are the defaults). */
  own: Type.Record(Type.String(), Type.Integer()),
});
const TenantSchema = Type.Object({ tenantId: Type.String(), name: Type.String(), createdAt: Type.String() });
const TenantPlacementSchema = Type.Object({
  ...TenantSchema.properties,
  shard: Type.Integer({ description: 'the shard database holding the tenant’s data' }),
});
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
  quotas: Pick<QuotaService, 'show' | 'ownLimits' | 'changeLimits'>;
  /** The shard holding a tenant's data (the operator's list shows the placement). */
  shardOf: (tenantId: string) => number;
}> = async (app, { tenants, cache, quotas, shardOf }) => {
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
        summary: 'List tenants with their shard placement',
        tags: ['admin'],
        response: { 200: Type.Object({ items: Type.Array(TenantPlacementSchema) }), ...adminErrors },
      },
    },
    async () => ({
      items: (await tenants.listTenants()).map((t) => ({
        tenantId: t.id,
        name: t.name,
        createdAt: t.createdAt.toISOString(),
        shard: shardOf(t.id),
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

  const tenantQuotas = async (tenantId: string) => {
    await tenants.getTenant(tenantId); // 404 for a tenant that does not exist
    const [quotasNow, own] = await Promise.all([quotas.show(tenantId), quotas.ownLimits(tenantId)]);
    return { tenantId, quotas: quotasNow, own };
  };

  app.get(
    '/api/admin/tenants/:id/quotas',
    {
      config: { access: 'operator' },
      schema: {
        summary: "A tenant's quotas (limit and use of each) and the limits set for it",
        tags: ['admin'],
        params: IdParams,
        response: { 200: TenantQuotasSchema, ...adminErrors },
      },
    },
    async (request) => tenantQuotas(request.params.id),
  );

  app.patch(
    '/api/admin/tenants/:id/quotas',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          "Set a tenant's own limits (a number) or return them to the default (null); effective at once in every process",
        tags: ['admin'],
        params: IdParams,
        body: QuotaChangeSchema,
        response: { 200: TenantQuotasSchema, ...adminErrors },
      },
    },
    async (request) => {
      await tenants.getTenant(request.params.id);
      await quotas.changeLimits(request.params.id, request.body);
      return tenantQuotas(request.params.id);
    },
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
