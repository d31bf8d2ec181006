import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../support/test-app.ts';
import { signIn } from '../support/sessions.ts';

const PASSWORD = 'correct horse battery';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a session ends after its idle time, and after its absolute time even while in use', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    SESSION_IDLE_SECONDS: '2',
    SESSION_ABSOLUTE_SECONDS: '4',
  });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Expiry');
  await ctx.deps.users.create(tenant.tenantId, {
    email: 'e@expiry.example',
    password: PASSWORD,
    role: 'viewer',
  });
  const status = async (headers: Record<string, string>) =>
    (await ctx.app.inject({ url: '/api/files', headers })).statusCode;

  await t.test('idle: a session unused for longer than SESSION_IDLE_SECONDS is refused', async () => {
    const idle = await signIn(ctx.app, 'e@expiry.example', PASSWORD);
    assert.equal(await status(idle.read), 200);
    await sleep(2300);
    assert.equal(await status(idle.read), 401);
    assert.equal((await ctx.app.inject({ url: '/api/auth/session', headers: idle.read })).statusCode, 401);
  });

  await t.test('in use it lives past the idle time, but not past SESSION_ABSOLUTE_SECONDS', async () => {
    const busy = await signIn(ctx.app, 'e@expiry.example', PASSWORD);
    const signedInAt = Date.now();
    const seen: number[] = [];
    // a request every 0.5 s: never idle for 2 s
    while (Date.now() - signedInAt < 3500) {
      seen.push(await status(busy.read));
      await sleep(500);
    }
    assert.ok(
      seen.every((code) => code === 200),
      `in use within its absolute time: ${seen.join(',')}`,
    );
    while (Date.now() - signedInAt < 4300) await sleep(100);
    assert.equal(await status(busy.read), 401);
  });

  await t.test('the cookie tells the browser the absolute lifetime', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'e@expiry.example', password: PASSWORD },
    });
    assert.match(String(response.headers['set-cookie']), /Max-Age=4(;|$)/);
  });
});

test('repeated wrong passwords end in 429 with Retry-After, per account and per address', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    LOGIN_FAILURE_BURST: '3',
    LOGIN_FAILURES_PER_MINUTE: '1',
    AUTH_FAILURE_BURST: '8',
    AUTH_FAILURES_PER_MINUTE: '1',
    REDIS_URL: 'redis://127.0.0.1:6379',
  });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Brute');
  for (const name of ['victim', 'colleague', 'other'])
    await ctx.deps.users.create(tenant.tenantId, {
      email: `${name}@brute.example`,
      password: PASSWORD,
      role: 'viewer',
    });
  const login = (email: string, password: string, remoteAddress = '10.1.0.1') =>
    ctx.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password } });

  await t.test('an account: after the burst even the right password waits, from any address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await login('victim@brute.example', `guess number ${i}`)).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    const blocked = await login('Victim@Brute.example', PASSWORD, '10.9.9.9');
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json<{ code: string }>().code, 'TOO_MANY_FAILED_LOGINS');
    assert.ok(Number(blocked.headers['retry-after']) >= 1);
    assert.equal(
      (await login('colleague@brute.example', PASSWORD, '10.9.9.9')).statusCode,
      200,
      'others sign in',
    );
  });

  await t.test('an address: guessing across many accounts is stopped, other addresses are not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await login(`nobody${i}@brute.example`, 'wrong wrong', '10.2.0.1')).statusCode);
    const first429 = statuses.indexOf(429);
    assert.ok(first429 > 0, `429 after some 401s: ${statuses.join(',')}`);
    assert.ok(
      statuses.slice(first429).every((code) => code === 429),
      statuses.join(','),
    );
    const fromThere = await login('other@brute.example', PASSWORD, '10.2.0.1');
    assert.equal(fromThere.statusCode, 429);
    assert.equal(fromThere.json<{ code: string }>().code, 'TOO_MANY_FAILED_AUTH');
    assert.ok(Number(fromThere.headers['retry-after']) >= 1);
    assert.equal((await login('other@brute.example', PASSWORD, '10.3.0.1')).statusCode, 200);
  });
});
