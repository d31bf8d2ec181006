import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { ShardTables } from '../../src/db/index.ts';
import type { ShardRouter } from '../../src/db/index.ts';

/** Titles of the tenant's notifications as `GET /api/notifications` answers (a staleness-tolerant list). */
export async function notificationTitles(
  app: FastifyInstance,
  headers: { authorization: string },
  unread = false,
): Promise<string[]> {
  const response = await app.inject({ method: 'GET', url: `/api/notifications?unread=${unread}`, headers });
  assert.equal(response.statusCode, 200, response.body);
  return response
    .json<{ items: Array<{ title: string }> }>()
    .items.map((n) => n.title)
    .sort();
}

/** Writes a notification of `tenantId` straight into the primary `db`; answers its id. */
export async function addNotification(
  db: Kysely<ShardTables>,
  tenantId: string,
  title: string,
): Promise<string> {
  const id = randomUUID();
  await sql`INSERT INTO notifications (tenant_id, id, source_key, title, message)
    VALUES (${tenantId}, ${id}, ${id}, ${title}, 'm')`.execute(db);
  return id;
}

/** Whether `router` gives `tenantId`'s staleness-tolerant reads to a replica now. */
export async function onReplica(router: ShardRouter, tenantId: string): Promise<boolean> {
  return (await router.forTenantRead(tenantId)) !== router.forTenant(tenantId);
}
