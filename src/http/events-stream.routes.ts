import type { FastifyPluginAsync } from 'fastify';
import { SSE_HEADERS, streamTenantEvents, type EventBus } from '../events/index.ts';
import type { QuotaService } from '../quotas/index.ts';
import type { TenantService } from '../tenants/index.ts';
import type { SessionService } from '../users/index.ts';

/**
 * `GET /api/events/stream`: the calling tenant's domain events live, as Server-Sent Events (only theirs).
 * Each open stream holds one of the tenant's `event_streams` slots until it closes (429 when none is free);
 * a stream ends when the key that opened it is revoked, or the session that opened it ends or its user
 * changes, in whichever process that happens.
 */
export const eventStreamRoutes: FastifyPluginAsync<{
  events: EventBus;
  quotas: Pick<QuotaService, 'openStream'>;
  tenants: Pick<TenantService, 'watchRevocation'>;
  sessions: Pick<SessionService, 'watch'>;
}> = async (app, { events, quotas, tenants, sessions }) => {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const stop of open) stop();
  });
  app.get(
    '/api/events/stream',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: "The tenant's domain events, live (text/event-stream)",
        tags: ['events'],
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const releaseSlot = await quotas.openStream(request.auth.tenantId);
      reply.hijack();
      reply.raw.writeHead(200, SSE_HEADERS);
      reply.raw.flushHeaders();
      const stop = streamTenantEvents(reply.raw, events, request.auth.tenantId);
      const caller = request.auth;
      const unwatch =
        caller.kind === 'key'
          ? tenants.watchRevocation(caller.keyId, stop)
          : sessions.watch(caller.session, stop);
      open.add(stop);
      reply.raw.on('close', () => {
        releaseSlot();
        stop();
        unwatch();
        open.delete(stop);
      });
    },
  );
};
