import type { FastifyPluginAsync } from 'fastify';
import type { ReadinessCheck } from '../observability/index.ts';

/** Prometheus exposition text and its content type. */
export interface MetricsSource {
  contentType: string;
  text(): Promise<string>;
}

/**
 * `/health` (process alive) and `/ready` for anyone; `/ready` names each dependency and its error only to
 * the operator or metrics token, and `/metrics` (Prometheus) needs one of them.
 */
export const healthRoutes: FastifyPluginAsync<{
  ready: ReadinessCheck;
  metrics: MetricsSource;
  isMonitor: (authorization: string | undefined) => boolean;
}> = async (app, { ready, metrics, isMonitor }) => {
  const hide = { hide: true };
  app.get('/health', { config: { access: 'public' }, schema: hide }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: { access: 'public' }, schema: hide }, async (request, reply) => {
    const checks = await ready();
    const ok = Object.values(checks).every((check) => check.ok);
    const status = ok ? 'ready' : 'not_ready';
    return reply
      .status(ok ? 200 : 503)
      .send(isMonitor(request.headers.authorization) ? { status, checks } : { status });
  });
  app.get('/metrics', { config: { access: 'monitoring' }, schema: hide }, async (_request, reply) =>
    reply.header('content-type', metrics.contentType).send(await metrics.text()),
  );
};
