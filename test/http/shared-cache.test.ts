import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_TOKEN, eventually, startTestApp } from '../support/test-app.ts';

/** A local CDN purge endpoint recording every JSON batch it receives. */
async function purgeReceiver() {
  const batches: Array<{ paths?: string[]; tags?: string[] }> = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      batches.push(JSON.parse(body) as { paths?: string[]; tags?: string[] });
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`,
    batches,
    close: () => server.close(),
  };
}

const SEARCH = { materials: { concrete: 100, steel: 50, wood: 75 }, location: 'New York' };

test('shared data and searches through the cache', async (t) => {
  const receiver = await purgeReceiver();
  t.after(() => receiver.close());
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    REDIS_URL: 'redis://127.0.0.1:6379',
    CDN_PURGE_URL: receiver.url,
  });
  t.after(() => ctx.close());
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  await t.test(
    'the catalog is public-cacheable with a surrogate key; an upsert changes it at once and purges the CDN',
    async () => {
      const first = await ctx.app.inject({ url: '/api/material-catalog' });
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['cache-control'], 'public, max-age=300, stale-while-revalidate=86400');
      assert.equal(first.headers['surrogate-key'], 'material-catalog');
      const etag = String(first.headers.etag);
      assert.equal(
        (await ctx.app.inject({ url: '/api/material-catalog', headers: { 'if-none-match': etag } }))
          .statusCode,
        304,
      );
      const concrete = first
        .json<{ items: Array<Record<string, unknown>> }>()
        .items.find((m) => m.key === 'concrete')!;
      const { key: _key, version: _version, ...row } = concrete;
      const upsert = await ctx.app.inject({
        method: 'PUT',
        url: '/api/admin/materials/concrete',
        headers: admin,
        payload: { ...row, material_unit_price: 999 },
      });
      assert.equal(upsert.statusCode, 200, upsert.body);
      const after = await ctx.app.inject({
        url: '/api/material-catalog',
        headers: { 'if-none-match': etag },
      });
      assert.equal(after.statusCode, 200, 'the old ETag no longer matches');
      const price = after
        .json<{ items: Array<{ key: string; material_unit_price: number }> }>()
        .items.find((m) => m.key === 'concrete');
      assert.equal(price?.material_unit_price, 999);
      const batches = await eventually(
        async () => (receiver.batches.length >= 2 ? receiver.batches : undefined),
        10_000,
      );
      assert.ok(batches.some((b) => b.tags?.includes('material-catalog')));
      assert.ok(batches.some((b) => b.paths?.includes('/api/material-catalog')));
    },
  );

  await t.test(
    'the same search payload in two tenants never shares a cached answer; a new estimate invalidates',
    async () => {
      const alice = await ctx.createTenant('Alice');
      const bob = await ctx.createTenant('Bob');
      const search = (headers: Record<string, string>) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/cost-estimates/search-similar',
          headers,
          payload: SEARCH,
        });
      const estimate = await ctx.app.inject({
        method: 'POST',
        url: '/api/cost-estimates',
        headers: alice.headers,
        payload: SEARCH,
      });
      assert.equal(estimate.statusCode, 201, estimate.body);
      const aliceFirst = (await search(alice.headers)).json<{ items: unknown[] }>();
      assert.equal(aliceFirst.items.length, 1);
      assert.equal(
        (await search(bob.headers)).json<{ items: unknown[] }>().items.length,
        0,
        "Bob never gets Alice's cached answer",
      );
      await ctx.app.inject({
        method: 'POST',
        url: '/api/cost-estimates',
        headers: alice.headers,
        payload: SEARCH,
      });
      assert.equal(
        (await search(alice.headers)).json<{ items: unknown[] }>().items.length,
        2,
        'a new estimate invalidates the search',
      );
      const id = estimate.json<{ id: string }>().id;
      const got = await ctx.app.inject({ url: `/api/cost-estimates/${id}`, headers: alice.headers });
      assert.equal(
        (
          await ctx.app.inject({
            url: `/api/cost-estimates/${id}`,
            headers: { ...alice.headers, 'if-none-match': String(got.headers.etag) },
          })
        ).statusCode,
        304,
      );
      assert.equal(
        (await ctx.app.inject({ url: `/api/cost-estimates/${id}`, headers: bob.headers })).statusCode,
        404,
      );
    },
  );
});
