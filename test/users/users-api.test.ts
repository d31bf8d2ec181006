import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSecondInstance, startTestApp } from '../support/test-app.ts';
import { signIn } from '../support/sessions.ts';

const PASSWORD = 'correct horse battery';
const DXF = '0\nSECTION\n2\nENTITIES\n0\nENDSEC\n0\nEOF\n';

test("owners manage their tenant's users; nobody reaches another tenant's", async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const acme = await ctx.createTenant('Acme');
  const rival = await ctx.createTenant('Rival');
  await ctx.deps.users.create(acme.tenantId, {
    email: 'owner@acme.example',
    password: PASSWORD,
    role: 'owner',
  });
  await ctx.deps.users.create(rival.tenantId, {
    email: 'owner@rival.example',
    password: PASSWORD,
    role: 'owner',
  });
  const owner = await signIn(ctx.app, 'owner@acme.example', PASSWORD);
  const rivalOwner = await signIn(ctx.app, 'owner@rival.example', PASSWORD);
  const invite = (payload: object, headers: Record<string, string> = owner.write) =>
    ctx.app.inject({ method: 'POST', url: '/api/users', headers, payload });
  const patch = (id: string, payload: object, headers: Record<string, string> = owner.write) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers, payload });

  let estimatorId = '';
  await t.test('an owner invites users; emails are unique across tenants, case-insensitively', async () => {
    const created = await invite({ email: 'Est@Acme.example', password: PASSWORD, role: 'estimator' });
    assert.equal(created.statusCode, 201, created.body);
    const user = created.json<{ id: string; email: string; role: string; disabled: boolean }>();
    assert.deepEqual([user.email, user.role, user.disabled], ['est@acme.example', 'estimator', false]);
    assert.equal(JSON.stringify(created.json()).includes('argon2'), false, 'no hash in the answer');
    estimatorId = user.id;
    const taken = await invite(
      { email: 'EST@acme.example', password: PASSWORD, role: 'viewer' },
      rivalOwner.write,
    );
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json<{ code: string }>().code, 'EMAIL_TAKEN');
    for (const bad of [
      { email: 'not-an-email', password: PASSWORD, role: 'viewer' },
      { email: 'a@b.example', password: 'short', role: 'viewer' },
      { email: 'a@b.example', password: PASSWORD, role: 'admin' },
    ]) {
      const refused = await invite(bad);
      assert.equal(refused.statusCode, 400, refused.body);
      assert.match(refused.json<{ message: string }>().message, /email|password|role/);
    }
    const stored = await ctx.deps.control.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'est@acme.example')
      .executeTakeFirstOrThrow();
    assert.match(stored.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  await t.test('the list shows only the tenant’s own users', async () => {
    const list = await ctx.app.inject({ url: '/api/users', headers: owner.read });
    assert.deepEqual(
      list.json<{ items: Array<{ email: string }> }>().items.map((u) => u.email),
      ['owner@acme.example', 'est@acme.example'],
    );
    const theirs = await ctx.app.inject({ url: '/api/users', headers: rivalOwner.read });
    assert.deepEqual(
      theirs.json<{ items: Array<{ email: string }> }>().items.map((u) => u.email),
      ['owner@rival.example'],
    );
  });

  await t.test("another tenant's user sees and touches none of this tenant's data", async () => {
    const estimator = await signIn(ctx.app, 'est@acme.example', PASSWORD);
    const fileId = await ctx.upload(estimator.write, 'plan.dxf', DXF);
    const row = await ctx.deps.router
      .forTenant(acme.tenantId)
      .selectFrom('files')
      .select('user_id')
      .where('tenant_id', '=', acme.tenantId)
      .where('id', '=', fileId)
      .executeTakeFirstOrThrow();
    assert.equal(row.user_id, estimator.user.id, 'the upload records its user');
    const reads = [
      '/api/files',
      `/api/files/${fileId}`,
      `/api/files/${fileId}/analysis`,
      `/api/files/${fileId}/content`,
    ];
    const list = await ctx.app.inject({ url: '/api/files', headers: rivalOwner.read });
    assert.deepEqual(list.json<{ items: unknown[] }>().items, []);
    for (const url of reads.slice(1))
      assert.equal((await ctx.app.inject({ url, headers: rivalOwner.read })).statusCode, 404, url);
    const deleted = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/files/${fileId}`,
      headers: rivalOwner.write,
    });
    assert.equal(deleted.statusCode, 404);
    assert.equal((await patch(estimatorId, { role: 'viewer' }, rivalOwner.write)).statusCode, 404);
    assert.equal(
      (await ctx.app.inject({ url: `/api/files/${fileId}`, headers: owner.read })).statusCode,
      200,
    );
  });

  await t.test('a role change applies to open sessions at once, in every process', async () => {
    const second = await startSecondInstance(ctx);
    t.after(() => second.close());
    const estimator = await signIn(ctx.app, 'est@acme.example', PASSWORD);
    const refresh = () =>
      second.app.inject({
        method: 'PUT',
        url: '/api/layer-mappings',
        headers: estimator.write,
        payload: { mappings: [] },
      });
    assert.notEqual((await refresh()).statusCode, 403);
    assert.equal((await patch(estimatorId, { role: 'viewer' })).json<{ role: string }>().role, 'viewer');
    await eventuallyStatus(refresh, 403);
    const me = await second.app.inject({ url: '/api/me', headers: estimator.read });
    assert.equal(me.json<{ role: string }>().role, 'viewer');
  });

  await t.test('disabling a user ends their sessions on every process; they cannot sign in', async () => {
    const second = await startSecondInstance(ctx);
    t.after(() => second.close());
    const session = await signIn(ctx.app, 'est@acme.example', PASSWORD);
    assert.equal((await second.app.inject({ url: '/api/files', headers: session.read })).statusCode, 200);
    const disabled = await patch(estimatorId, { disabled: true });
    assert.equal(disabled.json<{ disabled: boolean }>().disabled, true);
    assert.equal((await ctx.app.inject({ url: '/api/files', headers: session.read })).statusCode, 401);
    await eventuallyStatus(() => second.app.inject({ url: '/api/files', headers: session.read }), 401);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'est@acme.example', password: PASSWORD },
    });
    assert.equal(again.statusCode, 401);
    assert.equal((await patch(estimatorId, { disabled: false })).statusCode, 200);
    await signIn(ctx.app, 'est@acme.example', PASSWORD); // enabled again: signs in anew
  });

  await t.test('the CLI path (disable by email) ends sessions the same way', async () => {
    const session = await signIn(ctx.app, 'est@acme.example', PASSWORD);
    await ctx.deps.users.disableByEmail('EST@acme.example');
    await eventuallyStatus(() => ctx.app.inject({ url: '/api/files', headers: session.read }), 401);
  });

  await t.test('a tenant keeps at least one enabled owner', async () => {
    const self = owner.user.id;
    for (const change of [{ role: 'estimator' }, { disabled: true }]) {
      const refused = await patch(self, change);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json<{ code: string }>().code, 'LAST_OWNER');
    }
    assert.equal((await patch(self, {})).statusCode, 400, 'an empty change is refused');
  });

  await t.test('owners manage API keys; a key acts with its role and is revoked at once', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: owner.write,
      payload: { name: 'viewer bot', role: 'viewer' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { keyId, apiKey } = created.json<{ keyId: string; apiKey: string }>();
    const bot = { authorization: `Bearer ${apiKey}` };
    assert.equal((await ctx.app.inject({ url: '/api/files', headers: bot })).statusCode, 200);
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/api/files/upload',
      headers: bot,
      payload: {},
    });
    assert.equal(upload.statusCode, 403);
    const list = await ctx.app.inject({ url: '/api/api-keys', headers: owner.read });
    const keys = list.json<{ items: Array<{ id: string; role: string }> }>().items;
    assert.deepEqual(keys.find((key) => key.id === keyId)?.role, 'viewer');
    assert.equal(JSON.stringify(keys).includes(apiKey), false, 'never the secret');
    const rivalRevoke = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/api-keys/${keyId}`,
      headers: rivalOwner.write,
    });
    assert.equal(rivalRevoke.statusCode, 404);
    const revoke = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/api-keys/${keyId}`,
      headers: owner.write,
    });
    assert.equal(revoke.statusCode, 204);
    assert.equal((await ctx.app.inject({ url: '/api/files', headers: bot })).statusCode, 401);
  });
});

/** Polls `send` until it answers `status` (notifications are asynchronous), failing after 5 s. */
async function eventuallyStatus(send: () => Promise<{ statusCode: number }>, status: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const { statusCode } = await send();
    if (statusCode === status) return;
    if (Date.now() > deadline) assert.equal(statusCode, status);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
