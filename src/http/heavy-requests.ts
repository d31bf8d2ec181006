import type { FastifyInstance } from 'fastify';
import { TenantBusyError } from './http.errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** CPU-heavy on the event loop (pricing, similar search, batches): a few at once per tenant. */
    heavy?: boolean;
  }
}

/**
 * Caps the heavy requests (`config.heavy`) one tenant runs at once in this process: past `perTenant` the
 * request gets 429 `TENANT_BUSY` with `Retry-After`. A tenant sending them at full speed then holds at most
 * `perTenant` of them between other tenants' requests, instead of queueing every connection's worth ahead.
 */
export function registerHeavyRequestLimit(app: FastifyInstance, perTenant: number): void {
  const running = new Map<string, number>();
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.heavy || !request.auth) return;
    const tenantId = request.auth.tenantId;
    const now = running.get(tenantId) ?? 0;
    if (now >= perTenant) throw new TenantBusyError(perTenant);
    running.set(tenantId, now + 1);
    reply.raw.once('close', () => {
      const left = (running.get(tenantId) ?? 1) - 1;
      if (left > 0) running.set(tenantId, left);
      else running.delete(tenantId);
    });
  });
}
