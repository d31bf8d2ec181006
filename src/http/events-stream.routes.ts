import type { FastifyPluginAsync } from 'fastify';
import { SSE_HEADERS, streamTenantEvents, type EventBus } from '../events/index.ts';
import type { TenantService } from '../tenants/index.ts';

/**
 * `GET /api/events/stream`: the calling tenant's domain events live, as Server-Sent Events (only theirs).
 * A stream ends when the key that opened it is revoked, in whichever process that happens.
 */
export const eventStreamRoutes: FastifyPluginAsync<{
  events: EventBus;
  tenants: Pick<TenantService, 'watchRevocation'>;
}> = async (app, { events, tenants }) => {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const stop of open) stop();
  });
  app.get(
    '/api/events/stream',
    {
      schema: {
        summary: "The tenant's domain events, live (text/event-stream)",
        tags: ['events'],
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, SSE_HEADERS);
      reply.raw.flushHeaders();
      const stop = streamTenantEvents(reply.raw, events, request.auth.tenantId);
      const unwatch = tenants.watchRevocation(request.auth.keyId, stop);
      open.add(stop);
      reply.raw.on('close', () => {
        stop();
        unwatch();
        open.delete(stop);
      });
    },
  );
};
