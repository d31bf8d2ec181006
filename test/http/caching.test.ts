import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSecondInstance, startTestApp, ADMIN_TOKEN, type TestApp } from '../support/test-app.ts';

const DXF = '  0\nSECTION\n  2\nENTITIES\n  0\nENDSEC\n  0\nEOF\n';
const REDIS_URL = 'redis://127.0.0.1:6379';

/** Uploads the small DXF as the tenant of `headers`. */
const upload = (ctx: TestApp, headers: Record<string, string>) => ctx.upload(headers, 'plan.dxf', DXF);

const stats = async (ctx: TestApp) =>
  (
    await ctx.app.inject({
      url: '/api/admin/cache-stats',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
  ).json<{
    overall: { hits: number; misses: number; hitRate: number };
    kinds: Record<string, { hits: number; misses: number }>;
  }>();

// One suite, run against the in-process cache alone and against L1 + Redis L2.
for (const [label, env] of [
  ['L1 only', { WORKER_ENABLED: 'false' }],
  ['L1 + Redis L2', { WORKER_ENABLED: 'false', REDIS_URL }],
] as const) {
  test(`HTTP caching (${label})`, async (t) => {
    const ctx = await startTestApp(env);
    t.after(() => ctx.close());
    const alice = await ctx.createTenant('Alice');
    const bob = await ctx.createTenant('Bob');
    const fileId = await upload(ctx, alice.headers);

    await t.test('a repeated list is a cache hit; an upload invalidates the list', async () => {
      const first = await ctx.app.inject({ url: '/api/files', headers: alice.headers });
      const before = await stats(ctx);
      const second = await ctx.app.inject({ url: '/api/files', headers: alice.headers });
      assert.equal(second.body, first.body);
      const after = await stats(ctx);
      assert.ok(after.kinds.file_list!.hits > before.kinds.file_list!.hits, 'second list served from cache');
      await upload(ctx, alice.headers);
      const third = await ctx.app.inject({ url: '/api/files', headers: alice.headers });
      assert.equal(third.json<{ items: unknown[] }>().items.length, 2);
    });

    await t.test(
      'after an upload the first list page is written through: the next read is a hit, and fresh',
      async () => {
        const before = await stats(ctx);
        const id = await upload(ctx, alice.headers);
        const list = await ctx.app.inject({ url: '/api/files', headers: alice.headers });
        assert.equal(list.json<{ items: Array<{ file_id: string }> }>().items[0]?.file_id, id);
        const after = await stats(ctx);
        assert.equal(after.kinds.file_list!.misses, before.kinds.file_list!.misses);
        assert.equal(after.kinds.file_list!.hits, before.kinds.file_list!.hits + 1);
      },
    );

    await t.test(
      'ETag + If-None-Match → 304 with private Cache-Control; a change gives a new ETag',
      async () => {
        const response = await ctx.app.inject({ url: `/api/files/${fileId}`, headers: alice.headers });
        const etag = String(response.headers.etag);
        assert.match(etag, /^"[\w-]+"$/);
        assert.equal(response.headers['cache-control'], 'private, no-cache');
        const again = await ctx.app.inject({
          url: `/api/files/${fileId}`,
          headers: { ...alice.headers, 'if-none-match': etag },
        });
        assert.equal(again.statusCode, 304);
        assert.equal(again.body, '');
        const list = await ctx.app.inject({ url: '/api/files', headers: alice.headers });
        await upload(ctx, alice.headers);
        const changed = await ctx.app.inject({
          url: '/api/files',
          headers: { ...alice.headers, 'if-none-match': String(list.headers.etag) },
        });
        assert.equal(changed.statusCode, 200);
        assert.notEqual(changed.headers.etag, list.headers.etag);
      },
    );

    await t.test("one tenant's cached file or analysis is never served to another tenant", async () => {
      await ctx.app.inject({ url: `/api/files/${fileId}`, headers: alice.headers });
      await ctx.app.inject({ url: `/api/files/${fileId}/analysis`, headers: alice.headers });
      for (const url of [`/api/files/${fileId}`, `/api/files/${fileId}/analysis`]) {
        assert.equal((await ctx.app.inject({ url, headers: bob.headers })).statusCode, 404, url);
      }
      const bobList = await ctx.app.inject({ url: '/api/files', headers: bob.headers });
      assert.equal(bobList.json<{ items: unknown[] }>().items.length, 0);
    });

    await t.test('delete invalidates metadata and list', async () => {
      const id = await upload(ctx, alice.headers);
      await ctx.app.inject({ url: `/api/files/${id}`, headers: alice.headers });
      await ctx.app.inject({ method: 'DELETE', url: `/api/files/${id}`, headers: alice.headers });
      assert.equal(
        (await ctx.app.inject({ url: `/api/files/${id}`, headers: alice.headers })).statusCode,
        404,
      );
      const list = await ctx.app.inject({ url: '/api/files?limit=100', headers: alice.headers });
      assert.ok(!list.json<{ items: Array<{ file_id: string }> }>().items.some((f) => f.file_id === id));
    });
  });
}

test('two app instances on one Redis: a write on one is visible on the other within 200 ms; revocation too', async (t) => {
  const a = await startTestApp({ WORKER_ENABLED: 'false', REDIS_URL });
  t.after(() => a.close());
  const b = await startSecondInstance(a);
  t.after(() => b.close());
  const appB = b.app;
  const tenant = await a.createTenant();
  await upload(a, tenant.headers);
  const listB = async () =>
    (await appB.inject({ url: '/api/files', headers: tenant.headers })).json<{ items: unknown[] }>().items
      .length;
  assert.equal(await listB(), 1);
  await upload(a, tenant.headers);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(await listB(), 2, 'instance B saw the upload made on instance A');

  const key = await a.app.inject({
    method: 'POST',
    url: `/api/admin/tenants/${tenant.tenantId}/api-keys`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const { keyId, apiKey } = key.json<{ keyId: string; apiKey: string }>();
  assert.equal(
    (await appB.inject({ url: '/api/me', headers: { authorization: `Bearer ${apiKey}` } })).statusCode,
    200,
  );
  await a.app.inject({
    method: 'DELETE',
    url: `/api/admin/api-keys/${keyId}`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(
    (await appB.inject({ url: '/api/me', headers: { authorization: `Bearer ${apiKey}` } })).statusCode,
    401,
  );
});

test('with Redis unreachable every request still answers 200', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', REDIS_URL: 'redis://127.0.0.1:1' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant();
  const id = await upload(ctx, tenant.headers);
  for (let i = 0; i < 30; i++) {
    for (const url of ['/api/files', `/api/files/${id}`, `/api/files/${id}/analysis`, '/api/me']) {
      const response = await ctx.app.inject({ url, headers: tenant.headers });
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    }
  }
});
