import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

import { RuleNotFoundError, type Automation, type NotificationRecord } from '../automation/index.ts';
import { IdParams, errorResponses } from './schemas.ts';

const NotificationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  message: Type.String(),
  rule_id: Type.Union([Type.String(), Type.Null()]),
  run_id: Type.Union([Type.String(), Type.Null()]),
  read: Type.Boolean(),
  read_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
});

function notificationJson(n: NotificationRecord) {
  return {
    id: n.id,
    title: n.title,
    message: n.message,
    rule_id: n.rule_id,
    run_id: n.run_id,
    read: n.read_at !== null,
    read_at: n.read_at?.toISOString() ?? null,
    created_at: n.created_at.toISOString(),
  };
}

/** The tenant's notification inbox (filled by `send_notification` actions and by the engine). */
export const notificationRoutes: FastifyPluginCallbackTypebox<{ automation: Automation }> = (
  app,
  { automation },
  done,
) => {
  const tags = ['notifications'];
  app.get(
    '/api/notifications',
    {
      config: { access: 'tenant', role: 'viewer' },
      schema: {
        summary: 'Notifications, newest first',
        tags,
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
          unread: Type.Boolean({ default: false }),
          before: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(NotificationSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, unread, before } = request.query;
      const items = await automation.inbox.listNotifications(request.auth.tenantId, {
        limit,
        unreadOnly: unread,
        before,
      });
      return { items: items.map(notificationJson) };
    },
  );
  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'tenant', role: 'estimator' },
      schema: {
        summary: 'Mark a notification read',
        tags,
        params: IdParams,
        response: { 200: NotificationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const notification = await automation.inbox.markRead(request.auth.tenantId, request.params.id);
      if (!notification) throw new RuleNotFoundError('notification');
      return notificationJson(notification);
    },
  );
  done();
};
