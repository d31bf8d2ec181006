import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { multipartFile, startTestApp, type TestApp } from '../support/test-app.ts';

/** Events of the tenant queued for the rules engine (jobs on its shard). */
async function queuedEvents(ctx: TestApp, tenantId: string): Promise<number> {
  const db = ctx.deps.router.forTenant(tenantId);
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
    WHERE name = 'automation_event' AND data->>'tenantId' = ${tenantId}`.execute(db);
  return rows[0]!.n;
}

test('domain events are queued for the rules engine only when an active rule can react to them', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant();
  const queued = () => queuedEvents(ctx, tenant.tenantId);
  const upload = async () => {
    const body = multipartFile('plan.dxf', '0\nEOF\n');
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/files/upload',
      headers: { ...tenant.headers, ...body.headers },
      payload: body.payload,
    });
    assert.equal(response.statusCode, 200);
  };

  await upload();
  assert.equal(await queued(), 0, 'no rule: nothing for the engine');

  const rule = await ctx.app.inject({
    method: 'POST',
    url: '/api/automation-rules',
    headers: tenant.headers,
    payload: {
      name: 'note uploads',
      trigger_type: 'file_uploaded',
      actions: [{ type: 'send_notification', message: 'new file' }],
    },
  });
  assert.equal(rule.statusCode, 201, rule.body);
  await upload();
  assert.equal(await queued(), 1, 'a new rule is seen at once');

  const id = rule.json<{ id: string }>().id;
  assert.equal(
    (
      await ctx.app.inject({
        method: 'POST',
        url: `/api/automation-rules/${id}/disable`,
        headers: tenant.headers,
      })
    ).statusCode,
    200,
  );
  await upload();
  assert.equal(await queued(), 1, 'a disabled rule no longer pulls events');
});

test('a submitted event is queued for the rules engine only when an enabled rule listens to its type', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant();
  const queued = () => queuedEvents(ctx, tenant.tenantId);
  const submit = async (key: string) => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { ...tenant.headers, 'idempotency-key': key },
      payload: { type: 'custom:site_visit', data: { site: 'north' } },
    });
    assert.equal(response.statusCode, 202, response.body);
    return response.json<{ event_id: string; duplicate: boolean }>();
  };

  const first = await submit('k-1');
  assert.equal(await queued(), 0, 'no rule: no job');
  assert.deepEqual(await submit('k-1'), { ...first, duplicate: true }, 'still deduplicated by its key');

  const rule = await ctx.app.inject({
    method: 'POST',
    url: '/api/automation-rules',
    headers: tenant.headers,
    payload: {
      name: 'visits',
      trigger_type: 'custom:site_visit',
      actions: [{ type: 'send_notification', message: 'visit' }],
    },
  });
  assert.equal(rule.statusCode, 201, rule.body);
  await submit('k-2');
  assert.equal(await queued(), 1, 'a rule listens: queued');
});
