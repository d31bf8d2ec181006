import type { FastifyPluginAsync } from 'fastify';
import { SSE_HEADERS, streamTenantEvents, type EventBus } from '../events/index.ts';

/** `GET /api/events/stream`: the calling tenant's domain events live, as Server-Sent Events (only theirs). */
export const eventStreamRoutes: FastifyPluginAsync<{ events: EventBus }> = async (app, { events }) => {
  const open = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const stop of open) stop();
  });
  app.get(
    '/api/events/stream',
    {
      config: { access: 'tenant' },
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
      open.add(stop);
      reply.raw.on('close', () => {
        stop();
        open.delete(stop);
      });
    },
  );
};
