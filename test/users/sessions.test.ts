import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSecondInstance, startTestApp } from '../support/test-app.ts';
import { sessionCookieOf, signIn } from '../support/sessions.ts';

const PASSWORD = 'correct horse battery';

test('sign-in, session, sign-out and revocation', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Acme');
  const owner = await ctx.deps.users.create(tenant.tenantId, {
    email: 'Owner@Acme.example',
    password: PASSWORD,
    role: 'owner',
  });

  await t.test(
    'login sets an HttpOnly, SameSite=Lax cookie and answers the user and a CSRF token',
    async () => {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'owner@ACME.example', password: PASSWORD },
      });
      assert.equal(response.statusCode, 200, response.body);
      const setCookie = String(response.headers['set-cookie']);
      assert.match(
        setCookie,
        /^cai_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
      );
      const body = response.json<{ user: object; csrfToken: string }>();
      assert.deepEqual(body.user, {
        id: owner.id,
        email: 'owner@acme.example',
        role: 'owner',
        tenantId: tenant.tenantId,
      });
      assert.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
      const cookie = sessionCookieOf(response.headers['set-cookie'])!;
      const session = await ctx.app.inject({ url: '/api/auth/session', headers: { cookie } });
      assert.equal(session.statusCode, 200);
      assert.deepEqual(session.json(), body);
      const me = await ctx.app.inject({ url: '/api/me', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(me.json<{ user: object }>().user, body.user);
    },
  );

  await t.test('the cookie is Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await startTestApp({ WORKER_ENABLED: 'false', TRUST_PROXY: '127.0.0.1' });
    t.after(() => proxied.close());
    const other = await proxied.createTenant('Proxied');
    await proxied.deps.users.create(other.tenantId, {
      email: 'p@x.example',
      password: PASSWORD,
      role: 'owner',
    });
    const response = await proxied.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: 'p@x.example', password: PASSWORD },
    });
    assert.match(String(response.headers['set-cookie']), /; Secure$/);
    const untrusted = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: 'owner@acme.example', password: PASSWORD },
    });
    assert.doesNotMatch(
      String(untrusted.headers['set-cookie']),
      /Secure/,
      'TRUST_PROXY unset: header ignored',
    );
  });

  await t.test('a wrong password and an unknown email get the same 401', async () => {
    for (const payload of [
      { email: 'owner@acme.example', password: 'wrong password!' },
      { email: 'nobody@acme.example', password: PASSWORD },
    ]) {
      const response = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json<{ code: string }>().code, 'INVALID_CREDENTIALS');
      assert.equal(response.headers['set-cookie'], undefined);
    }
  });

  await t.test('without a cookie, or with an unknown one, the session is 401', async () => {
    assert.equal((await ctx.app.inject({ url: '/api/auth/session' })).statusCode, 401);
    const forged = { cookie: `cai_session=${'A'.repeat(43)}` };
    assert.equal((await ctx.app.inject({ url: '/api/auth/session', headers: forged })).statusCode, 401);
    assert.equal((await ctx.app.inject({ url: '/api/files', headers: forged })).statusCode, 401);
  });

  await t.test('logout ends the session on every server process and clears the cookie', async () => {
    const second = await startSecondInstance(ctx);
    t.after(() => second.close());
    const signed = await signIn(ctx.app, 'owner@acme.example', PASSWORD);
    assert.equal((await second.app.inject({ url: '/api/files', headers: signed.read })).statusCode, 200);
    const logout = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: signed.read });
    assert.equal(logout.statusCode, 204);
    assert.match(
      String(logout.headers['set-cookie']),
      /^cai_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/,
    );
    assert.equal((await ctx.app.inject({ url: '/api/auth/session', headers: signed.read })).statusCode, 401);
    // the second process heard of it (NOTIFY): its cached copy is gone
    await eventuallyStatus(() => second.app.inject({ url: '/api/files', headers: signed.read }), 401);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(again.statusCode, 204, 'logout without a session, with an empty JSON body, is still 204');
  });
});

/** Polls `send` until it answers `status` (a notification is asynchronous), failing after 5 s. */
async function eventuallyStatus(send: () => Promise<{ statusCode: number }>, status: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const { statusCode } = await send();
    if (statusCode === status) return;
    if (Date.now() > deadline) assert.equal(statusCode, status);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
