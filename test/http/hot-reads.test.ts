import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import {
  ADMIN_TOKEN,
  startSecondInstance,
  startTestApp,
  uploadFile,
  type TestApp,
} from '../support/test-app.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const operator = { authorization: `Bearer ${ADMIN_TOKEN}` };
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Listens on a free local port and returns the base URL. */
async function listen(ctx: TestApp): Promise<string> {
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
}

/** Requests the app answered before Fastify's lifecycle (its `http_hot_reads_total`). */
async function hotAnswers(ctx: TestApp): Promise<number> {
  return (await ctx.deps.metrics.hotReads.get()).values[0]?.value ?? 0;
}

/** GETs `url` from the app of `ctx` and reports whether the hot path answered it. */
async function get(ctx: TestApp, url: string, headers: Record<string, string>) {
  const before = await hotAnswers(ctx);
  const response = await fetch(url, { headers });
  const body = await response.text();
  const { date: _date, ...rest } = Object.fromEntries(response.headers);
  return { status: response.status, headers: rest, body, hot: (await hotAnswers(ctx)) > before };
}

const itemsOf = (body: string) => (JSON.parse(body) as { items: Array<{ file_id: string }> }).items;

test('repeat cached reads answered before Fastify', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', REDIS_URL });
  t.after(() => ctx.close());
  const base = await listen(ctx);
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const first = await ctx.upload(alice.headers, 'a.dxf', '0\nEOF\n');
  const list = `${base}/api/files?limit=10`;

  await t.test(
    'the third identical GET is answered hot, with the same status, headers and bytes',
    async () => {
      const loaded = await get(ctx, list, alice.headers); // miss: loaded through Fastify
      const remembered = await get(ctx, list, alice.headers); // local hit through Fastify: remembered
      const answered = await get(ctx, list, alice.headers);
      assert.deepEqual([loaded.hot, remembered.hot, answered.hot], [false, false, true]);
      assert.equal(answered.status, 200);
      assert.deepEqual(answered.headers, remembered.headers);
      assert.equal(answered.body, remembered.body);
      assert.deepEqual(
        itemsOf(answered.body).map((f) => f.file_id),
        [first],
      );
    },
  );

  await t.test('If-None-Match gets the same 304 as through Fastify', async () => {
    const { headers } = await get(ctx, list, alice.headers);
    const conditional = { ...alice.headers, 'if-none-match': headers.etag! };
    const answered = await get(ctx, list, conditional);
    assert.equal(answered.hot, true);
    assert.equal(answered.status, 304);
    assert.equal(answered.body, '');
    const throughFastify = await get(ctx, `${list}&`, conditional); // same query, a URL not seen yet
    assert.equal(throughFastify.hot, false);
    assert.deepEqual(answered.headers, throughFastify.headers);
  });

  await t.test(
    'an upload is visible at once: the changed list is not answered from the old one',
    async () => {
      await get(ctx, list, alice.headers);
      assert.equal((await get(ctx, list, alice.headers)).hot, true);
      const second = await ctx.upload(alice.headers, 'b.dxf', '0\nEOF\n');
      const after = await get(ctx, list, alice.headers);
      assert.equal(after.hot, false);
      assert.deepEqual(
        itemsOf(after.body).map((f) => f.file_id),
        [second, first],
      );
    },
  );

  await t.test("another tenant's GET of the same URL never gets the first tenant's answer", async () => {
    assert.deepEqual(itemsOf((await get(ctx, list, bob.headers)).body), []); // Bob's key is now verified here
    await get(ctx, list, alice.headers);
    assert.equal((await get(ctx, list, alice.headers)).hot, true);
    const bobs = await get(ctx, list, bob.headers);
    assert.deepEqual(itemsOf(bobs.body), []);
    assert.equal((await get(ctx, list, bob.headers)).hot, true, "Bob's own answer is remembered too");
    assert.deepEqual(itemsOf((await get(ctx, list, bob.headers)).body), []);
    assert.equal(itemsOf((await get(ctx, list, alice.headers)).body).length, 2);
  });

  await t.test('a wrong or revoked key gets 401 even on a hot URL', async () => {
    assert.equal((await get(ctx, list, { authorization: 'Bearer cai_nope_000' })).status, 401);
    assert.equal((await get(ctx, list, {})).status, 401);
    const created = await ctx.app.inject({
      method: 'POST',
      url: `/api/admin/tenants/${alice.tenantId}/api-keys`,
      headers: admin,
    });
    const { keyId, apiKey } = created.json<{ keyId: string; apiKey: string }>();
    const extra = { authorization: `Bearer ${apiKey}` };
    await get(ctx, list, extra);
    await get(ctx, list, extra);
    assert.equal((await get(ctx, list, extra)).hot, true);
    await ctx.app.inject({ method: 'DELETE', url: `/api/admin/api-keys/${keyId}`, headers: admin });
    const revoked = await get(ctx, list, extra);
    assert.deepEqual([revoked.status, revoked.hot], [401, false]);
  });

  await t.test('only GET is answered hot; other methods and URLs go through Fastify', async () => {
    await get(ctx, list, alice.headers);
    assert.equal((await get(ctx, list, alice.headers)).hot, true);
    const head = await fetch(list, { method: 'HEAD', headers: alice.headers });
    assert.equal(head.status, 200);
    const other = await get(ctx, `${list}&status=uploaded`, alice.headers);
    assert.equal(other.hot, false);
    const invalid = await get(ctx, `${base}/api/files?limit=1000`, alice.headers);
    assert.deepEqual([invalid.status, invalid.hot], [400, false]);
  });

  await t.test('hot answers are counted in the HTTP metrics under their route', async () => {
    const count = async () => {
      const text = await (await fetch(`${base}/metrics`, { headers: operator })).text();
      const line = text
        .split('\n')
        .find((l) =>
          l.startsWith(
            'http_request_duration_seconds_count{method="GET",route="/api/files",status_code="200"}',
          ),
        );
      return Number(line?.split(' ')[1] ?? 0);
    };
    await get(ctx, list, alice.headers);
    const before = await count();
    assert.equal((await get(ctx, list, alice.headers)).hot, true);
    assert.equal(await count(), before + 1);
  });
});

test('the rate limit applies to hot answers: over the burst a hot URL answers 429', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    RATE_LIMIT_PER_SECOND: '1',
    RATE_LIMIT_BURST: '4',
  });
  t.after(() => ctx.close());
  const base = await listen(ctx);
  const tenant = await ctx.createTenant();
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await get(ctx, `${base}/api/files`, tenant.headers));
  assert.deepEqual(
    answers.map((a) => [a.status, a.hot]),
    [
      [200, false],
      [200, false],
      [200, true],
      [200, true],
      [429, false],
      [429, false],
    ],
  );
  assert.ok(Number(answers[4]!.headers['retry-after']) >= 1);
});

test('with Redis, hot answers spend leased tokens of the limit every instance shares', async (t) => {
  const a = await startTestApp({
    WORKER_ENABLED: 'false',
    REDIS_URL,
    RATE_LIMIT_PER_SECOND: '100',
    RATE_LIMIT_BURST: '100',
  });
  t.after(() => a.close());
  const base = await listen(a);
  const b = await startSecondInstance(a);
  t.after(() => b.close());
  const tenant = await a.createTenant();
  const started = Date.now();
  const answers = [];
  for (let i = 0; i < 50; i++) answers.push(await get(a, `${base}/api/files`, tenant.headers));
  assert.ok(answers.every((answer) => answer.status === 200));
  const hot = answers.filter((answer) => answer.hot).length;
  assert.ok(hot >= 10, `only ${hot} of 50 answered hot: leased tokens should need no Redis round trip`);
  let allowedOnB = 0;
  for (let i = 0; i < 150; i++) {
    const response = await b.app.inject({ url: '/api/me', headers: tenant.headers });
    if (response.statusCode === 200) allowedOnB++;
  }
  // One bucket for both: the burst, the refill meanwhile and at most one unspent lease (2) per instance.
  const ceiling = 100 + ((Date.now() - started) / 1000) * 100 + 2 * 2;
  assert.ok(50 + allowedOnB <= ceiling, `a 50 + b ${allowedOnB} exceed one bucket (${ceiling.toFixed(0)})`);
});

test('a write on another instance is not answered stale after 200 ms', async (t) => {
  const a = await startTestApp({ WORKER_ENABLED: 'false', REDIS_URL });
  t.after(() => a.close());
  const base = await listen(a);
  const b = await startSecondInstance(a);
  t.after(() => b.close());
  const tenant = await a.createTenant();
  const list = `${base}/api/files`;
  await get(a, list, tenant.headers);
  await get(a, list, tenant.headers);
  assert.equal((await get(a, list, tenant.headers)).hot, true);
  const id = await uploadFile(b.app, tenant.headers, 'b.dxf', '0\nEOF\n');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(
    itemsOf((await get(a, list, tenant.headers)).body).map((f) => f.file_id),
    [id],
  );
});
