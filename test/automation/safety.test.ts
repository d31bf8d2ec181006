import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';

import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { eventually, multipartFile, startTestApp } from '../support/test-app.ts';
import { startReceiver } from './receiver.ts';

interface Run {
  id: string;
  status: string;
  event: { id: string; occurred_at: string };
  causation: { depth: number; chain: string[] };
  actions: Array<{
    status: string;
    attempts: number;
    last_error: { code?: string; reason?: string; message?: string } | null;
  }>;
}

const SMALL_DXF =
  '  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\nA-WALL\n 10\n0\n 20\n0\n 11\n1\n 21\n0\n  0\nENDSEC\n  0\nEOF\n';

test('automation safety: SSRF guard, depth limit, auto-disable, rate limits, schedules, thresholds', async (t) => {
  // No WEBHOOK_ALLOW_PRIVATE: loopback and private addresses are refused at connect time.
  const ctx = await startTestApp(
    {
      AUTOMATION_RETRY_BASE_MS: '100',
      AUTOMATION_MAX_ATTEMPTS: '3',
      AUTOMATION_DISABLE_AFTER_FAILURES: '4',
      AUTOMATION_RULE_RATE_PER_MINUTE: '8',
    },
    { runWorkers: true },
  );
  const receiver = await startReceiver();
  t.after(async () => {
    await receiver.close();
    await ctx.close();
  });
  const tenant = await ctx.createTenant('Safety');
  const headers = tenant.headers;
  const post = (url: string, payload?: object) =>
    ctx.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const createRule = async (body: object) => {
    const response = await post('/api/automation-rules', body);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; next_run_at: string | null }>().id;
  };
  const runsOf = async (ruleId: string) =>
    (await ctx.app.inject({ url: `/api/automation-rules/${ruleId}/runs?limit=50`, headers })).json<{
      items: Run[];
    }>().items;
  const upload = (name: string, content: string) => {
    const body = multipartFile(name, content);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/files/upload',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };

  await t.test(
    'blocked webhook targets die at once as permanent failures; the rule is then auto-disabled',
    async () => {
      const port = new URL(receiver.url('/')).port;
      const targets = [
        'http://169.254.169.254/latest/meta-data/',
        `http://[::1]:${port}/hook`,
        `http://[::ffff:127.0.0.1]:${port}/hook`,
        `http://2130706433:${port}/hook`,
      ];
      const ruleId = await createRule({
        name: 'SSRF attempts',
        trigger_type: 'custom:ssrf',
        actions: targets.map((webhook_url) => ({ type: 'call_webhook', webhook_url })),
      });
      await post('/api/events', { type: 'custom:ssrf' });
      const run = await eventually(async () => (await runsOf(ruleId)).find((r) => r.status === 'failed'));
      for (const action of run.actions) {
        assert.equal(action.status, 'dead');
        assert.equal(action.attempts, 1, 'permanent failures are not retried');
        assert.equal(action.last_error?.code, 'WEBHOOK_ADDRESS_BLOCKED');
        assert.match(
          action.last_error?.message ?? '',
          /^webhook address not allowed: .* a private or reserved address$/,
        );
      }
      assert.equal(receiver.received('/hook').length, 0);

      const rule = await eventually(async () => {
        const r = (await ctx.app.inject({ url: `/api/automation-rules/${ruleId}`, headers })).json<{
          is_active: boolean;
          disabled_reason: string | null;
        }>();
        return r.is_active ? undefined : r;
      });
      assert.match(rule.disabled_reason ?? '', /4 consecutive failed actions/);
      const inbox = (await ctx.app.inject({ url: '/api/notifications', headers })).json<{
        items: Array<{ title: string }>;
      }>();
      assert.ok(inbox.items.some((n) => /SSRF attempts.*disabled/.test(n.title)));
    },
  );

  await t.test('a rule that re-triggers itself stops at the depth limit', async () => {
    const ruleId = await createRule({
      name: 'Loop',
      trigger_type: 'analysis_completed',
      actions: [{ type: 'trigger_workflow', workflow_name: 're_analyze' }],
    });
    assert.equal((await upload('loop.dxf', SMALL_DXF)).statusCode, 200);
    const blocked = await eventually(
      async () => (await runsOf(ruleId)).find((r) => r.status === 'blocked'),
      40_000,
    );
    assert.equal(blocked.causation.depth, 5);
    assert.deepEqual(blocked.causation.chain, Array(5).fill(ruleId));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const runs = await runsOf(ruleId);
    assert.equal(runs.length, 6);
    assert.deepEqual(runs.map((r) => r.causation.depth).sort(), [0, 1, 2, 3, 4, 5]);
    await post(`/api/automation-rules/${ruleId}/disable`);
  });

  await t.test(
    'per-rule rate limit: firings beyond the limit in a minute are recorded as rate_limited',
    async () => {
      const ruleId = await createRule({
        name: 'Burst',
        trigger_type: 'custom:burst',
        actions: [{ type: 'send_notification', message: 'burst' }],
      });
      // the sliding window is an estimate near a minute boundary: let the burst land well inside one
      const second = new Date().getSeconds();
      if (second >= 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
      for (let i = 0; i < 10; i++) await post('/api/events', { type: 'custom:burst', data: { i } });
      const runs = await eventually(async () => {
        const all = await runsOf(ruleId);
        return all.length === 10 ? all : undefined;
      });
      assert.equal(runs.filter((r) => r.status === 'rate_limited').length, 2);
    },
  );

  await t.test(
    'per-rule rate limit slides: firings in the previous minute count towards the limit',
    async () => {
      const ruleId = await createRule({
        name: 'Straddling burst',
        trigger_type: 'custom:straddle',
        actions: [{ type: 'send_notification', message: 'straddle' }],
      });
      // a flood just before this minute began: a fixed window would forget it
      await sql`
        INSERT INTO automation_rate_counters (tenant_id, scope, window_start, count)
        VALUES (${tenant.tenantId}, ${ruleId}, date_trunc('minute', now()) - interval '1 minute', 100000)
      `.execute(ctx.deps.router.forTenant(tenant.tenantId));
      await post('/api/events', { type: 'custom:straddle', data: {} });
      const [run] = await eventually(async () => {
        const all = await runsOf(ruleId);
        return all.length === 1 ? all : undefined;
      });
      assert.equal(run!.status, 'rate_limited');
    },
  );

  await t.test(
    'a cron rule fires at 09:00 local time on both sides of a DST change; missed slots run once',
    async () => {
      const ruleId = await createRule({
        name: 'Morning digest',
        trigger_type: 'scheduled',
        trigger_settings: { cron: '0 9 * * *', timezone: 'Europe/Berlin' },
        actions: [{ type: 'send_notification', message: 'good morning' }],
      });
      const tick = (iso: string) => ctx.deps.automation.tickSchedules(new Date(iso));
      await tick('2027-03-27T12:00:00Z'); // CET (UTC+1)
      await tick('2027-03-27T12:00:30Z'); // same slot: nothing new
      await tick('2027-03-31T12:00:00Z'); // CEST (UTC+2), after three missed mornings
      const runs = await eventually(async () => {
        const all = await runsOf(ruleId);
        return all.length === 2 && all.every((r) => r.status === 'succeeded') ? all : undefined;
      });
      assert.deepEqual(runs.map((r) => r.event.occurred_at).sort(), [
        '2027-03-27T08:00:00.000Z',
        '2027-03-31T07:00:00.000Z',
      ]);
      const rule = (await ctx.app.inject({ url: `/api/automation-rules/${ruleId}`, headers })).json<{
        next_run_at: string;
      }>();
      assert.equal(rule.next_run_at, '2027-04-01T07:00:00.000Z');
    },
  );

  await t.test(
    'a threshold rule fires on the crossing, not on every event above it, with a cooldown',
    async () => {
      const ruleId = await createRule({
        name: 'Large file',
        trigger_type: 'threshold_exceeded',
        trigger_settings: { metric: 'file_size_bytes', threshold: 1000, cooldown_seconds: 3600 },
        actions: [{ type: 'send_notification', message: 'large drawing' }],
      });
      const big = buildRoomDxf({ unit: 'm' });
      for (const [name, content] of [
        ['small.dxf', SMALL_DXF],
        ['big.dxf', big],
        ['big2.dxf', big],
        ['small2.dxf', SMALL_DXF],
        ['big3.dxf', big],
      ] as const) {
        assert.equal((await upload(name, content)).statusCode, 200);
        await new Promise((resolve) => setTimeout(resolve, 400)); // events are handled in order of arrival
      }
      const runs = await eventually(async () => {
        const all = await runsOf(ruleId);
        return all.length > 0 ? all : undefined;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal((await runsOf(ruleId)).length, 1, 'one crossing; the second is within the cooldown');
      assert.equal(runs[0]!.event.id.startsWith('threshold:'), true);
    },
  );
});
