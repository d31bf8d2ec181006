import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Webhook } from 'standardwebhooks';

import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { eventually, multipartFile, startTestApp } from '../support/test-app.ts';
import { freePort, startReceiver } from './receiver.ts';

interface Run {
  id: string;
  status: string;
  matched: boolean;
  trace: Array<{ field: string; matched: boolean }>;
  causation: { depth: number };
  actions: Array<{
    index: number;
    type: string;
    status: string;
    attempts: number;
    last_error: { code?: string } | null;
    result: Record<string, unknown> | null;
    attempt_history: Array<{ attempt: number; ok: boolean; response_status: number | null }>;
  }>;
}

test('automation actions end to end (workers, real receiver on 127.0.0.1)', async (t) => {
  const ctx = await startTestApp(
    { WEBHOOK_ALLOW_PRIVATE: '127.0.0.0/8', AUTOMATION_RETRY_BASE_MS: '100', AUTOMATION_MAX_ATTEMPTS: '3' },
    { runWorkers: true },
  );
  const receiver = await startReceiver();
  t.after(async () => {
    await receiver.close();
    await ctx.close();
  });
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const post = (headers: Record<string, string>, url: string, payload?: object) =>
    ctx.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const createRule = async (headers: Record<string, string>, body: object) => {
    const response = await post(headers, '/api/automation-rules', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; webhook_secret: string }>();
  };
  const runsOf = async (headers: Record<string, string>, ruleId: string) =>
    (await ctx.app.inject({ url: `/api/automation-rules/${ruleId}/runs`, headers })).json<{ items: Run[] }>()
      .items;
  const settledRun = (headers: Record<string, string>, ruleId: string, status: string) =>
    eventually(async () => (await runsOf(headers, ruleId)).find((r) => r.status === status));

  await t.test(
    'analysis_completed with concrete > 10 → signed webhook + notification, after a real upload',
    async (st) => {
      const rule = await createRule(alice.headers, {
        name: 'Concrete alert',
        trigger_type: 'analysis_completed',
        trigger_conditions: {
          all: [{ field: 'materials.concrete.quantity', operator: 'greater_than', value: 10 }],
        },
        actions: [
          { type: 'call_webhook', webhook_url: receiver.url('/erp') },
          { type: 'send_notification', message: 'Concrete over 10 m³' },
          { type: 'export_report', format: 'csv' },
        ],
      });
      const body = multipartFile('room.dxf', buildRoomDxf({ unit: 'm' }));
      const upload = await post({ ...alice.headers, ...body.headers }, '/api/files/upload', body.payload);
      assert.equal(upload.statusCode, 200, upload.body);

      const run = await settledRun(alice.headers, rule.id, 'succeeded');
      assert.equal(run.matched, true);
      assert.equal(run.causation.depth, 0);
      assert.deepEqual(
        run.trace.map((l) => [l.field, l.matched]),
        [['materials.concrete.quantity', true]],
      );
      assert.deepEqual(
        run.actions.map((a) => a.status),
        ['succeeded', 'succeeded', 'succeeded'],
      );

      const [delivery] = receiver.received('/erp');
      assert.ok(delivery);
      const headers = delivery.headers as Record<string, string>;
      assert.equal(headers['webhook-id'], `${run.id}:0`);
      const verified = new Webhook(rule.webhook_secret).verify(delivery.body, headers) as {
        type: string;
        data: { event: { data: { materials: { concrete: { quantity: number } } } } };
      };
      assert.equal(verified.type, 'analysis_completed');
      assert.ok(verified.data.event.data.materials.concrete.quantity > 10);

      const inbox = await ctx.app.inject({ url: '/api/notifications', headers: alice.headers });
      const notes = inbox.json<{ items: Array<{ id: string; message: string; read: boolean }> }>().items;
      assert.equal(notes.length, 1);
      assert.equal(notes[0]!.message, 'Concrete over 10 m³');

      const report = await ctx.app.inject({
        url: String(run.actions[2]!.result!.url),
        headers: alice.headers,
      });
      assert.equal(report.statusCode, 200);
      assert.match(report.body, /^Quantity takeoff,room\.dxf/);
      assert.match(report.body, /concrete,16\.7\d*,m3/); // slab 83.64 m² × 0.2 m, net of waste

      await st.test("notifications and reports are the tenant's own", async () => {
        const id = notes[0]!.id;
        assert.deepEqual(
          (await ctx.app.inject({ url: '/api/notifications', headers: bob.headers })).json<{
            items: unknown[];
          }>().items,
          [],
        );
        assert.equal((await post(bob.headers, `/api/notifications/${id}/read`)).statusCode, 404);
        assert.equal(
          (await ctx.app.inject({ url: String(run.actions[2]!.result!.url), headers: bob.headers }))
            .statusCode,
          404,
        );
        const read = await post(alice.headers, `/api/notifications/${id}/read`);
        assert.equal(read.json<{ read: boolean }>().read, true);
      });
    },
  );

  await t.test(
    'estimate_for_location → cost_estimated (caused by that run) → export_report of the estimate',
    async () => {
      const tenant = await ctx.createTenant('Estimator');
      const estimateRule = await createRule(tenant.headers, {
        name: 'Price it',
        trigger_type: 'analysis_completed',
        actions: [{ type: 'trigger_workflow', workflow_name: 'estimate_for_location', location: 'Chicago' }],
      });
      const reportRule = await createRule(tenant.headers, {
        name: 'Export it',
        trigger_type: 'cost_estimated',
        actions: [{ type: 'export_report', format: 'xlsx' }],
      });
      const body = multipartFile('room.dxf', buildRoomDxf({ unit: 'm' }));
      await post({ ...tenant.headers, ...body.headers }, '/api/files/upload', body.payload);
      const priced = await settledRun(tenant.headers, estimateRule.id, 'succeeded');
      const exported = await settledRun(tenant.headers, reportRule.id, 'succeeded');
      assert.equal(exported.causation.depth, 1, 'the estimate event is caused by the estimate run');
      assert.ok(priced.actions[0]!.result!.estimate_id);
      const report = await ctx.app.inject({
        url: String(exported.actions[0]!.result!.url),
        headers: tenant.headers,
      });
      assert.equal(report.statusCode, 200);
      assert.equal(report.rawPayload.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) workbook');
    },
  );

  await t.test('receiver answers 500 twice then 200: delivered once, three attempts recorded', async (st) => {
    receiver.script('/flaky', [500, 500, 200]);
    const rule = await createRule(alice.headers, {
      name: 'Flaky ERP',
      trigger_type: 'custom:invoice_paid',
      actions: [{ type: 'call_webhook', webhook_url: receiver.url('/flaky') }],
    });
    assert.equal(
      (await post(alice.headers, '/api/events', { type: 'custom:invoice_paid', data: { amount: 5 } }))
        .statusCode,
      202,
    );
    const run = await settledRun(alice.headers, rule.id, 'succeeded');
    const action = run.actions[0]!;
    assert.equal(action.attempts, 3);
    assert.deepEqual(
      action.attempt_history.map((a) => a.response_status),
      [500, 500, 200],
    );
    assert.equal(receiver.received('/flaky').filter((r) => r.status === 200).length, 1);
    const ids = new Set(receiver.received('/flaky').map((r) => r.headers['webhook-id']));
    assert.equal(ids.size, 1, 'every retry carries the same webhook-id');

    await st.test("another tenant's events never reach this tenant's rules", async () => {
      await post(bob.headers, '/api/events', { type: 'custom:invoice_paid', data: {} });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal((await runsOf(alice.headers, rule.id)).length, 1);
      assert.equal(
        (await ctx.app.inject({ url: `/api/automation-rules/${rule.id}/runs`, headers: bob.headers }))
          .statusCode,
        404,
      );
    });
  });

  await t.test(
    'a receiver down for every attempt leaves a dead action that replays successfully',
    async (st) => {
      const port = await freePort();
      const rule = await createRule(alice.headers, {
        name: 'Down ERP',
        trigger_type: 'custom:down',
        actions: [{ type: 'call_webhook', webhook_url: `http://127.0.0.1:${port}/later` }],
      });
      await post(alice.headers, '/api/events', { type: 'custom:down' });
      const run = await settledRun(alice.headers, rule.id, 'failed');
      assert.equal(run.actions[0]!.status, 'dead');
      assert.equal(run.actions[0]!.attempts, 3);
      assert.equal(run.actions[0]!.last_error?.code, 'NETWORK_ERROR');

      const replayUrl = `/api/automation-rules/${rule.id}/runs/${run.id}/actions/0/replay`;
      assert.equal((await post(bob.headers, replayUrl)).statusCode, 404);
      const late = await startReceiver(port);
      st.after(() => late.close());
      const replay = await post(alice.headers, replayUrl);
      assert.equal(replay.statusCode, 202, replay.body);
      const done = await settledRun(alice.headers, rule.id, 'succeeded');
      assert.equal(done.actions[0]!.attempts, 4);
      assert.equal(late.received('/later').length, 1);
      assert.equal((await post(alice.headers, replayUrl)).statusCode, 409);
    },
  );
});
