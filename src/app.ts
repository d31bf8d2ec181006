import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { logAnsweredRequest, loggerOptions } from './observability/index.ts';
import { registerErrorHandling } from './http/errors.plugin.ts';
import { OperatorCredentials, registerAuth } from './http/auth.plugin.ts';
import { FailedAuthLimiter } from './http/failed-auth.limiter.ts';
import { TooManyFailedLoginsError } from './http/http.errors.ts';
import { registerHeavyRequestLimit, TenantActivity } from './http/heavy-requests.ts';
import { registerReadYourWrites } from './http/read-your-writes.ts';
import { HotReads, hotReadsFirst } from './http/hot-reads.ts';
import { healthRoutes } from './http/health.routes.ts';
import { tenantRoutes } from './http/tenants.routes.ts';
import { fileRoutes } from './http/files.routes.ts';
import { analysisRoutes } from './http/analysis.routes.ts';
import { geometryRoutes } from './http/geometry.routes.ts';
import { costRoutes } from './http/costs.routes.ts';
import { batchRoutes } from './http/batch.routes.ts';
import { layerMappingRoutes } from './http/layer-mappings.routes.ts';
import { adjustmentRoutes } from './http/adjustments.routes.ts';
import { eventStreamRoutes } from './http/events-stream.routes.ts';
import { automationRoutes } from './http/automation.routes.ts';
import { notificationRoutes } from './http/notifications.routes.ts';
import { authRoutes } from './http/auth.routes.ts';
import { userRoutes } from './http/users.routes.ts';
import { webAppPlugin } from './http/web-app.plugin.ts';
import { analyticsRoutes } from './http/analytics.routes.ts';

/** Builds the HTTP application over already-built dependencies; never listens (tests use `inject`). */
export async function buildApp(deps: Deps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const { config, metrics } = deps;
  const limiter = deps.limiters.requests;
  const failedAuth = new FailedAuthLimiter(deps.limiters.failedAuth);
  const failedLogins = new FailedAuthLimiter(
    deps.limiters.failedLogins,
    (seconds) => new TooManyFailedLoginsError(seconds),
  );
  const operators = new OperatorCredentials(config);
  const observeHttp = (method: string, route: string, statusCode: number, seconds: number) =>
    metrics.httpDuration.observe({ method, route, status_code: statusCode }, seconds);
  // Fastify writes access-log lines at `info`: hot answers write theirs only when they would be kept.
  const requestsLogged = config.logRequests && ['info', 'debug', 'trace'].includes(config.logLevel);
  const activity = new TenantActivity();
  const hotReads = new HotReads({
    cache: deps.cache,
    authenticate: (authorization) => deps.tenants.authenticateLocal(authorization),
    limiter,
    answered: (req, route, statusCode, startedMs, tenantId) => {
      activity.seen(tenantId);
      const responseTimeMs = performance.now() - startedMs;
      observeHttp('GET', route, statusCode, responseTimeMs / 1000);
      metrics.hotReads.inc();
      if (requestsLogged) logAnsweredRequest(app.log, req, statusCode, responseTimeMs);
    },
  });
  const app = Fastify({
    ...loggerOptions(config.logLevel, config.logRequests),
    ...(options.logger === false ? { logger: false } : {}),
    serverFactory: hotReadsFirst(hotReads, (err) =>
      app.log.error({ err }, 'hot read failed; answered through Fastify'),
    ),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxy(config.trustProxy),
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        discriminator: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('hotReads', hotReads);
  registerErrorHandling(app);
  app.addHook('onResponse', (request, reply, done) => {
    observeHttp(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  registerAuth(app, deps, { operators, limiter, failedAuth });
  registerReadYourWrites(app, deps.router);
  registerHeavyRequestLimit(
    app,
    { perTenant: config.heavyRequestsPerTenant, msPerSecond: config.heavyMsPerSecond },
    activity,
  );
  await app.register(swagger, {
    openapi: {
      // 3.1: its Schema Objects are JSON Schema 2020-12, which is what TypeBox writes (numeric
      // exclusiveMinimum, patternProperties of records, type 'null'); 3.0.3 rejects those
      openapi: '3.1.0',
      info: {
        title: 'Construction AI Platform API',
        version: '0.1.0',
        description: 'Drawing takeoff, cost estimation and automation.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'cai_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });
  await app.register(multipart, {
    limits: { fileSize: config.uploadMaxBytes + 1, files: 1, fields: 10, parts: 12 },
  });

  await app.register(healthRoutes, {
    ready: deps.ready,
    metrics: { contentType: metrics.registry.contentType, text: deps.metricsText },
    isMonitor: (authorization: string | undefined) => operators.isMonitor(authorization),
  });
  await app.register(authRoutes, { users: deps.users, sessions: deps.sessions, failedAuth, failedLogins });
  await app.register(userRoutes, { users: deps.users });
  await app.register(tenantRoutes, {
    ...{ tenants: deps.tenants, cache: deps.cache, quotas: deps.quotas },
    shardOf: (tenantId: string) => deps.router.shardIdFor(tenantId),
  });
  await app.register(fileRoutes, { files: deps.files, cache: deps.cache });
  await app.register(analysisRoutes, { analyses: deps.analyses, cache: deps.cache });
  await app.register(geometryRoutes, { analyses: deps.analyses, cache: deps.cache });
  await app.register(layerMappingRoutes, { mappings: deps.layerMappings });
  await app.register(adjustmentRoutes, { adjustments: deps.adjustments });
  await app.register(eventStreamRoutes, {
    ...{ events: deps.events, quotas: deps.quotas },
    ...{ tenants: deps.tenants, sessions: deps.sessions },
  });
  await app.register(automationRoutes, { automation: deps.automation, eventMaxBytes: config.eventMaxBytes });
  await app.register(notificationRoutes, { automation: deps.automation });
  await app.register(costRoutes, {
    costData: deps.costs.data,
    estimates: deps.costs.estimates,
    cache: deps.cache,
  });
  await app.register(batchRoutes, { batch: deps.costs.batch, usage: deps.batchUsage, quotas: deps.quotas });
  await app.register(analyticsRoutes, {
    slowQueries: deps.analytics.slowQueries,
    usage: deps.analytics.usage,
  });
  await app.register(webAppPlugin);
  return app;
}

/** `TRUST_PROXY` as Fastify takes it: a hop count becomes "trust the nearest N proxies". */
function trustProxy(
  setting: Readonly<Config>['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
