import type { FastifyPluginAsync } from 'fastify';

/** Readiness of each dependency: true when it answered. */
export type ReadinessCheck = () => Promise<Record<string, { ok: boolean; error?: string }>>;

/** `/health` (process alive), `/ready` (each shard and Redis) and `/metrics` (Prometheus). */
/** Prometheus exposition text and its content type. */
export interface MetricsSource {
  contentType: string;
  text(): Promise<string>;
}

export const healthRoutes: FastifyPluginAsync<{ ready: ReadinessCheck; metrics: MetricsSource }> = async (
  app,
  { ready, metrics },
) => {
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_request, reply) => {
    const checks = await ready();
    const ok = Object.values(checks).every((check) => check.ok);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', metrics.contentType).send(await metrics.text()),
  );
};
