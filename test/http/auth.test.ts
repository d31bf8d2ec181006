import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, startSecondInstance, startTestApp } from '../support/test-app.ts';

test('authentication, operator API and rate limit', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    RATE_LIMIT_PER_SECOND: '5',
    RATE_LIMIT_BURST: '10',
  });
  t.after(() => ctx.close());
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  await t.test('no key, a malformed key and an unknown key get 401 in the error shape', async () => {
    for (const authorization of [
      undefined,
      'Bearer nope',
      'Bearer cai_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'Basic x',
    ]) {
      const response = await ctx.app.inject({
        url: '/api/me',
        headers: authorization ? { authorization } : {},
      });
      assert.equal(response.statusCode, 401);
      assert.deepEqual(Object.keys(response.json<object>()).sort(), [
        'code',
        'error',
        'message',
        'statusCode',
      ]);
    }
  });

  await t.test(
    'GET /api/me names the calling tenant; a second key works; revocation is immediate',
    async () => {
      const tenant = await ctx.createTenant('Acme');
      const me = await ctx.app.inject({ url: '/api/me', headers: tenant.headers });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json<{ tenantId: string; name: string }>().name, 'Acme');
      const created = await ctx.app.inject({
        method: 'POST',
        url: `/api/admin/tenants/${tenant.tenantId}/api-keys`,
        headers: admin,
        payload: { name: 'ci' },
      });
      assert.equal(created.statusCode, 200);
      const { keyId, apiKey } = created.json<{ keyId: string; apiKey: string }>();
      const second = { authorization: `Bearer ${apiKey}` };
      assert.equal((await ctx.app.inject({ url: '/api/me', headers: second })).statusCode, 200);
      const revoked = await ctx.app.inject({
        method: 'DELETE',
        url: `/api/admin/api-keys/${keyId}`,
        headers: admin,
      });
      assert.equal(revoked.statusCode, 204);
      assert.equal((await ctx.app.inject({ url: '/api/me', headers: second })).statusCode, 401);
      assert.equal(
        (await ctx.app.inject({ url: '/api/me', headers: tenant.headers })).statusCode,
        200,
        'the other key still works',
      );
    },
  );

  await t.test('keys are stored as hashes only', async () => {
    const tenant = await ctx.createTenant('Hash');
    const rows = await ctx.deps.control.db
      .selectFrom('api_keys')
      .selectAll()
      .where('tenant_id', '=', tenant.tenantId)
      .execute();
    assert.equal(rows.length, 1);
    // the random part after `cai_<prefix>_` is base64url and may itself contain '_'
    const randomPart = tenant.apiKey.split('_').slice(2).join('_');
    assert.ok(randomPart.length >= 43);
    assert.ok(!JSON.stringify(rows).includes(randomPart));
  });

  await t.test('operator routes need the operator token; a tenant key is not enough', async () => {
    const tenant = await ctx.createTenant('Sneaky');
    for (const headers of [{}, tenant.headers, { authorization: 'Bearer wrong-token-wrong-token' }]) {
      const response = await ctx.app.inject({ url: '/api/admin/tenants', headers });
      assert.equal(response.statusCode, 401);
    }
    assert.equal((await ctx.app.inject({ url: '/api/admin/tenants', headers: admin })).statusCode, 200);
    const unknownField = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/tenants',
      headers: admin,
      payload: { name: 'x', extra: 1 },
    });
    assert.equal(unknownField.statusCode, 400);
  });

  await t.test(
    'per-tenant rate limit answers 429 with Retry-After, without affecting other tenants',
    async () => {
      const noisy = await ctx.createTenant('Noisy');
      const quiet = await ctx.createTenant('Quiet');
      const statuses = [];
      for (let i = 0; i < 15; i++)
        statuses.push(await ctx.app.inject({ url: '/api/me', headers: noisy.headers }));
      const limited = statuses.find((r) => r.statusCode === 429);
      assert.ok(limited, 'expected a 429 after the burst');
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.equal(limited.json<{ code: string }>().code, 'RATE_LIMITED');
      assert.equal((await ctx.app.inject({ url: '/api/me', headers: quiet.headers })).statusCode, 200);
    },
  );

  await t.test('unknown routes, /health, /ready, /metrics and /docs', async () => {
    // (paths outside /api are the web app's own routes)
    assert.equal(
      (await ctx.app.inject({ url: '/api/nope' })).json<{ code: string }>().code,
      'ROUTE_NOT_FOUND',
    );
    assert.equal((await ctx.app.inject({ url: '/health' })).statusCode, 200);
    const ready = await ctx.app.inject({ url: '/ready' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready' }, 'no dependency details without a token');
    const detailed = await ctx.app.inject({ url: '/ready', headers: admin });
    assert.deepEqual(Object.keys(detailed.json<{ checks: object }>().checks).sort(), [
      'control',
      'shard_0',
      'shard_1',
    ]);
    assert.equal((await ctx.app.inject({ url: '/metrics' })).statusCode, 401);
    const metrics = await ctx.app.inject({ url: '/metrics', headers: admin });
    assert.match(metrics.body, /http_request_duration_seconds_bucket/);
    assert.match(metrics.body, /db_pool_connections/);
    const docs = await ctx.app.inject({ url: '/docs/json' });
    assert.equal(docs.statusCode, 200);
    assert.ok(docs.json<{ paths: Record<string, unknown> }>().paths['/api/files/upload']);
  });
});

test('with Redis, a tenant has one rate limit across instances, not one per instance', async (t) => {
  const a = await startTestApp({
    WORKER_ENABLED: 'false',
    REDIS_URL: 'redis://127.0.0.1:6379',
    RATE_LIMIT_PER_SECOND: '1',
    RATE_LIMIT_BURST: '4',
  });
  t.after(() => a.close());
  const b = await startSecondInstance(a);
  t.after(() => b.close());
  const tenant = await a.createTenant();
  const started = Date.now();
  const responses = [];
  for (let i = 0; i < 10; i++) {
    const app = i % 2 === 0 ? a.app : b.app;
    responses.push(await app.inject({ url: '/api/me', headers: tenant.headers }));
  }
  const allowed = responses.filter((r) => r.statusCode === 200).length;
  const refilled = Math.floor((Date.now() - started) / 1000); // one token per second
  assert.ok(allowed >= 4 && allowed <= 4 + refilled, `allowed ${allowed} of 10 (burst 4)`);
  const limited = responses.find((r) => r.statusCode === 429)!;
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  assert.equal(limited.json<{ code: string }>().code, 'RATE_LIMITED');
});
