import { test } from 'node:test';
import assert from 'node:assert/strict';

import { startTestApp } from '../support/test-app.ts';

const seedRule = {
  name: 'Big concrete',
  description: 'seed shape',
  trigger_type: 'analysis_completed',
  trigger_conditions: {
    all: [{ field: 'materials.concrete.quantity', operator: 'greater_than', value: 10 }],
  },
  actions: [
    { type: 'call_webhook', webhook_url: 'https://erp.example.com/hook' },
    { type: 'send_notification', message: 'Lots of concrete' },
    { type: 'export_report', format: 'csv' },
    { type: 'trigger_workflow', workflow_name: 're_analyze' },
  ],
};

type Rule = { id: string; version: number; is_active: boolean; webhook_secret?: string; name: string };

test('automation rules API', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const call = (
    headers: Record<string, string>,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    ctx.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  const created = await call(alice.headers, 'POST', '/api/automation-rules', seedRule);
  assert.equal(created.statusCode, 201, created.body);
  const rule = created.json<Rule>();

  await t.test('the seed request shape is accepted; the webhook secret is shown once', async () => {
    assert.match(rule.webhook_secret ?? '', /^whsec_/);
    assert.equal(rule.version, 1);
    const got = await call(alice.headers, 'GET', `/api/automation-rules/${rule.id}`);
    assert.equal(got.statusCode, 200);
    assert.equal(got.json<Rule>().webhook_secret, undefined);
    const list = await call(alice.headers, 'GET', '/api/automation-rules');
    assert.deepEqual(
      list.json<{ items: Rule[] }>().items.map((r) => r.id),
      [rule.id],
    );
  });

  await t.test('invalid rules get 422 naming the bad node', async () => {
    const cases: Array<[unknown, string]> = [
      [
        {
          ...seedRule,
          trigger_conditions: {
            all: [{ field: 'materials.concrete.quantity', operator: 'greater_than', value: '10' }],
          },
        },
        'trigger_conditions.all[0].value',
      ],
      [
        { ...seedRule, trigger_conditions: { any: [{ field: 'file.nope', operator: 'equals', value: 1 }] } },
        'trigger_conditions.any[0].field',
      ],
      [
        {
          ...seedRule,
          trigger_conditions: { all: [{ field: 'file.size_bytes', operator: 'matches', value: 1 }] },
        },
        'trigger_conditions.all[0].operator',
      ],
      [
        { ...seedRule, trigger_conditions: { all: [{ field: '__proto__.x', operator: 'exists' }] } },
        'trigger_conditions.all[0].field',
      ],
      [{ ...seedRule, actions: [{ type: 'run_sql', sql: 'DROP TABLE files' }] }, 'actions[0].type'],
      [
        { ...seedRule, trigger_type: 'scheduled', trigger_settings: { cron: '* * * * * *' } },
        'trigger_settings.cron',
      ],
    ];
    for (const [body, path] of cases) {
      const response = await call(alice.headers, 'POST', '/api/automation-rules', body);
      assert.equal(response.statusCode, 422, response.body);
      const error = response.json<{ code: string; path: string }>();
      assert.equal(error.code, 'INVALID_RULE');
      assert.equal(error.path, path);
    }
  });

  await t.test('PUT needs the current version: 409 on a stale one', async () => {
    const missing = await call(alice.headers, 'PUT', `/api/automation-rules/${rule.id}`, {
      ...seedRule,
      name: 'x',
    });
    assert.equal(missing.statusCode, 422);
    const ok = await call(alice.headers, 'PUT', `/api/automation-rules/${rule.id}`, {
      ...seedRule,
      name: 'Renamed',
      version: 1,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json<Rule>().version, 2);
    const stale = await call(alice.headers, 'PUT', `/api/automation-rules/${rule.id}`, {
      ...seedRule,
      version: 1,
    });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json<{ code: string }>().code, 'VERSION_CONFLICT');
  });

  await t.test('enable and disable', async () => {
    const off = await call(alice.headers, 'POST', `/api/automation-rules/${rule.id}/disable`);
    assert.equal(off.json<Rule>().is_active, false);
    const on = await call(alice.headers, 'POST', `/api/automation-rules/${rule.id}/enable`);
    assert.equal(on.json<Rule>().is_active, true);
  });

  await t.test('dry run gives match and trace, and stores nothing', async () => {
    const hit = await call(alice.headers, 'POST', `/api/automation-rules/${rule.id}/test`, {
      data: { materials: { concrete: { quantity: 17.2, unit: 'm3' } } },
    });
    assert.equal(hit.statusCode, 200, hit.body);
    const result = hit.json<{
      matched: boolean;
      trace: Array<{ matched: boolean; actual: unknown }>;
      would_run: unknown[];
    }>();
    assert.equal(result.matched, true);
    assert.equal(result.trace[0]?.matched, true);
    assert.equal(result.would_run.length, 4);
    const miss = await call(alice.headers, 'POST', `/api/automation-rules/${rule.id}/test`, { data: {} });
    assert.equal(miss.json<{ matched: boolean }>().matched, false);
    const deep = await call(alice.headers, 'POST', `/api/automation-rules/${rule.id}/test`, {
      data: { materials: { concrete: { quantity: 17.2, unit: 'm3' } } },
      causation_depth: 5,
    });
    assert.equal(deep.json<{ blocked: string }>().blocked, 'depth_limit');
    const runs = await call(alice.headers, 'GET', `/api/automation-rules/${rule.id}/runs`);
    assert.deepEqual(runs.json<{ items: unknown[] }>().items, []);
  });

  await t.test('secret rotation returns a new secret', async () => {
    const rotated = await call(
      alice.headers,
      'POST',
      `/api/automation-rules/${rule.id}/webhook-secret/rotate`,
    );
    assert.equal(rotated.statusCode, 200);
    assert.notEqual(rotated.json<{ webhook_secret: string }>().webhook_secret, rule.webhook_secret);
  });

  await t.test("another tenant's rule answers 404 everywhere", async () => {
    const urls: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string, unknown?]> = [
      ['GET', `/api/automation-rules/${rule.id}`],
      ['PUT', `/api/automation-rules/${rule.id}`, { ...seedRule, version: 2 }],
      ['POST', `/api/automation-rules/${rule.id}/disable`],
      ['GET', `/api/automation-rules/${rule.id}/runs`],
      ['POST', `/api/automation-rules/${rule.id}/test`, { data: {} }],
      ['POST', `/api/automation-rules/${rule.id}/webhook-secret/rotate`],
      ['POST', `/api/automation-rules/${rule.id}/runs/${rule.id}/actions/0/replay`],
      ['DELETE', `/api/automation-rules/${rule.id}`],
    ];
    for (const [method, url, body] of urls) {
      const response = await call(bob.headers, method, url, body);
      assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
    }
    assert.deepEqual(
      (await call(bob.headers, 'GET', '/api/automation-rules')).json<{ items: unknown[] }>().items,
      [],
    );
    assert.equal((await call(alice.headers, 'GET', `/api/automation-rules/${rule.id}`)).statusCode, 200);
  });

  await t.test('POST /api/events: tenant from auth only, idempotency key deduplicated, 202', async () => {
    const withTenant = await call(alice.headers, 'POST', '/api/events', {
      type: 'custom:paid',
      tenant_id: bob.tenantId,
      data: {},
    });
    assert.equal(withTenant.statusCode, 422);
    const headers = { ...alice.headers, 'idempotency-key': 'k-1' };
    const first = await call(headers, 'POST', '/api/events', { type: 'custom:paid', data: { amount: 3 } });
    assert.equal(first.statusCode, 202, first.body);
    const again = await call(headers, 'POST', '/api/events', { type: 'custom:paid', data: { amount: 3 } });
    assert.equal(again.statusCode, 202);
    assert.equal(again.json<{ event_id: string; duplicate: boolean }>().duplicate, true);
    assert.equal(again.json<{ event_id: string }>().event_id, first.json<{ event_id: string }>().event_id);
    // The same key is another tenant's own key.
    const bobs = await call({ ...bob.headers, 'idempotency-key': 'k-1' }, 'POST', '/api/events', {
      type: 'custom:paid',
    });
    assert.equal(bobs.json<{ duplicate: boolean }>().duplicate, false);
    const unauth = await ctx.app.inject({
      method: 'POST',
      url: '/api/events/file-uploaded',
      payload: { file_id: rule.id },
    });
    assert.equal(unauth.statusCode, 401);
    const alias = await call(alice.headers, 'POST', '/api/events/file-uploaded', {
      tenant_id: bob.tenantId,
      file_id: rule.id,
    });
    assert.equal(alias.statusCode, 422);
  });

  await t.test('delete', async () => {
    assert.equal((await call(alice.headers, 'DELETE', `/api/automation-rules/${rule.id}`)).statusCode, 204);
    assert.equal((await call(alice.headers, 'GET', `/api/automation-rules/${rule.id}`)).statusCode, 404);
  });
});
