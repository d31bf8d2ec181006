import { test } from 'node:test';
import assert from 'node:assert/strict';

import { triggerCatalog } from '../../src/automation/index.ts';
import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { eventually, startTestApp } from '../support/test-app.ts';

test('trigger catalog and the seed field names, end to end', async (t) => {
  const ctx = await startTestApp({}, { runWorkers: true });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');

  await t.test('GET /api/automation-triggers answers the validator’s catalog to a tenant only', async () => {
    const response = await ctx.app.inject({ url: '/api/automation-triggers', headers: alice.headers });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), JSON.parse(JSON.stringify({ items: triggerCatalog() })));
    const fileSize = response
      .json<{ items: Array<{ type: string; fields: Array<{ field: string; aliases: string[] }> }> }>()
      .items.find((t) => t.type === 'file_uploaded')
      ?.fields.find((f) => f.field === 'file.size_bytes');
    assert.deepEqual(fileSize?.aliases, ['file_size']);
    const anonymous = await ctx.app.inject({ url: '/api/automation-triggers' });
    assert.equal(anonymous.statusCode, 401);
  });

  await t.test('a rule written with the seed’s file_size and filename is accepted and fires', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/automation-rules',
      headers: alice.headers,
      payload: {
        name: 'Large plans',
        description: 'seed field names',
        trigger_type: 'file_uploaded',
        trigger_conditions: {
          all: [
            { field: 'file_size', operator: 'greater_than', value: 100 },
            { field: 'filename', operator: 'contains', value: 'plan' },
          ],
        },
        actions: [{ type: 'send_notification', message: 'A large plan arrived' }],
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const rule = created.json<{ id: string; trigger_conditions: { all: Array<{ field: string }> } }>();
    assert.deepEqual(
      rule.trigger_conditions.all.map((c) => c.field),
      ['file.size_bytes', 'file.filename'],
    );

    const dryRun = await ctx.app.inject({
      method: 'POST',
      url: `/api/automation-rules/${rule.id}/test`,
      headers: alice.headers,
      payload: { data: { file: { size_bytes: 50, filename: 'plan.dxf' } } },
    });
    assert.equal(dryRun.statusCode, 200, dryRun.body);
    assert.equal(dryRun.json<{ matched: boolean }>().matched, false);

    const fileId = await ctx.upload(alice.headers, 'ground-floor-plan.dxf', buildRoomDxf({ unit: 'm' }));
    const notifications = (count: number) =>
      eventually(async () => {
        const inbox = await ctx.app.inject({ url: '/api/notifications', headers: alice.headers });
        const items = inbox.json<{ items: Array<{ message: string }> }>().items;
        return items.length >= count ? items : undefined;
      });
    assert.deepEqual(
      (await notifications(1)).map((n) => n.message),
      ['A large plan arrived'],
    );
    // the seed's own route announces the same upload again: the rule fires once more
    const announced = await ctx.app.inject({
      method: 'POST',
      url: '/api/events/file-uploaded',
      headers: alice.headers,
      payload: { file_id: fileId },
    });
    assert.equal(announced.statusCode, 202, announced.body);
    assert.equal((await notifications(2)).length, 2);
    const runs = await ctx.app.inject({
      url: `/api/automation-rules/${rule.id}/runs`,
      headers: alice.headers,
    });
    const [run] = runs.json<{ items: Array<{ matched: boolean; trace: Array<{ field: string }> }> }>().items;
    assert.equal(runs.json<{ items: unknown[] }>().items.length, 2);
    assert.equal(run?.matched, true);
    assert.deepEqual(
      run.trace.map((l) => l.field),
      ['file.size_bytes', 'file.filename'],
    );
  });
});
