import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app.ts';

/** Queries the control database has run so far (its `db_query_duration_seconds` count). */
async function controlQueries(ctx: TestApp): Promise<number> {
  const { values } = await ctx.deps.metrics.dbQueryDuration.get();
  return values
    .filter((v) => v.metricName === 'db_query_duration_seconds_count' && v.labels.database === 'control')
    .reduce((sum, v) => sum + v.value, 0);
}

/** A well-formed API key no one was ever given. */
const randomKey = () =>
  `Bearer cai_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;

test('unauthenticated traffic is limited per client address and unknown keys cost one lookup', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    REDIS_URL: 'redis://127.0.0.1:6379',
    AUTH_FAILURE_BURST: '5',
    AUTH_FAILURES_PER_MINUTE: '6',
  });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Quiet');
  const from = (remoteAddress: string, authorization: string, url = '/api/me') =>
    ctx.app.inject({ url, remoteAddress, headers: { authorization } });

  await t.test('random keys from one address: 401 for the burst, then 429 without a query', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await from('10.0.0.1', randomKey())).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
    const limited = await from('10.0.0.1', randomKey());
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json<{ code: string }>().code, 'TOO_MANY_FAILED_AUTH');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    const before = await controlQueries(ctx);
    // a blocked address is answered a second late: these wait side by side
    const blocked = await Promise.all(Array.from({ length: 20 }, () => from('10.0.0.1', randomKey())));
    assert.deepEqual(new Set(blocked.map((r) => r.statusCode)), new Set([429]));
    assert.equal(await controlQueries(ctx), before, 'a blocked address costs no database query');
  });

  await t.test('another address, and a verified key from the blocked one, are not affected', async () => {
    assert.equal((await from('10.0.0.2', tenant.headers.authorization)).statusCode, 200);
    assert.equal((await from('10.0.0.1', tenant.headers.authorization)).statusCode, 200);
    await ctx.deps.tenants.resyncRevocations(); // cached key lookups gone, as when their TTL ends
    assert.equal((await from('10.0.0.1', tenant.headers.authorization)).statusCode, 200);
    assert.equal((await from('10.0.0.1', randomKey())).statusCode, 429);
    assert.equal((await from('10.0.0.2', randomKey())).statusCode, 401);
  });

  await t.test('operator token guessing is limited the same way', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await from('10.0.0.3', `Bearer guess-${i}-0123456789abcdef`, '/api/admin/tenants')).statusCode,
      );
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
    const right = await from('10.0.0.4', `Bearer ${ADMIN_TOKEN}`, '/api/admin/tenants');
    assert.equal(right.statusCode, 200);
  });

  await t.test('the same unknown key asked again is answered from memory', async () => {
    const key = randomKey();
    assert.equal((await from('10.0.0.5', key)).statusCode, 401);
    const before = await controlQueries(ctx);
    for (let i = 0; i < 3; i++) assert.equal((await from('10.0.0.5', key)).statusCode, 401);
    assert.equal(await controlQueries(ctx), before);
  });
});
