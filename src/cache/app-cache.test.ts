import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import type { AppCache } from './app-cache.ts';
import { apiKeyCacheKey, sharedKey, tenantKey } from './cache-keys.ts';
import { CacheLoaderTimeoutError } from './cache.errors.ts';
import { randomPrefix, testRedisUrl, createTestCache, type TestCacheOptions } from './testing/redis.ts';
import { clusterTarget, sharedRedisCluster } from '../redis/testing/redis-servers.ts';

// One suite, run against the in-process cache and against L1 + real Redis (one server, or a Cluster of 3
// primaries) as L2 and bus.
for (const mode of ['L1 only', 'L1 + Redis', 'L1 + Redis Cluster'] as const) {
  void describe(`AppCache (${mode})`, () => {
    let cache: AppCache;
    let registry: Registry;
    const open = async (extra: Partial<TestCacheOptions> = {}): Promise<AppCache> =>
      createTestCache({
        prefix: randomPrefix('cache'),
        registry: new Registry(),
        ...(mode === 'L1 + Redis' ? { redisUrl: testRedisUrl } : {}),
        ...(mode === 'L1 + Redis Cluster' ? { redisTarget: clusterTarget(await sharedRedisCluster()) } : {}),
        ...extra,
      });

    before(async () => {
      registry = new Registry();
      cache = await open({ registry });
    });
    after(() => cache.close());

    void it('runs the loader once and then serves the cached value with a stable ETag', async () => {
      const key = tenantKey('tenant-a', 'file_metadata', 'file-1');
      let calls = 0;
      const loader = () => Promise.resolve({ id: 'file-1', size: ++calls });
      const first = await cache.getOrSetWithEtag(key, loader);
      const second = await cache.getOrSetWithEtag(key, loader);
      assert.equal(calls, 1);
      assert.deepEqual(second.value, { id: 'file-1', size: 1 });
      assert.match(first.etag, /^"[A-Za-z0-9_-]{27}"$/);
      assert.equal(second.etag, first.etag);
      assert.equal(await cache.peekEtag(key), first.etag);
      assert.equal(await cache.peekEtag(tenantKey('tenant-a', 'file_metadata', 'other')), undefined);
    });

    void it('peekLocal answers from this process only, per tenant, and forgets on invalidation', async () => {
      const key = tenantKey('tenant-a', 'file_list', 20);
      assert.equal(cache.peekLocal(key), undefined);
      const loaded = await cache.getOrSetWithEtag(key, () => Promise.resolve(['f1']));
      assert.deepEqual(cache.peekLocal(key), loaded);
      assert.equal(cache.peekLocal(tenantKey('tenant-b', 'file_list', 20)), undefined);
      await cache.invalidateTenantKind('tenant-a', 'file_list');
      assert.equal(cache.peekLocal(key), undefined);
    });

    void it('never shares an entry between tenants for the same file id or search payload', async () => {
      for (const [kind, part] of [
        ['analysis_results', 'same-file'],
        ['similar_search', { area: 120, materials: ['concrete'] }],
      ] as const) {
        const a = await cache.getOrSet(tenantKey('tenant-a', kind, part), () =>
          Promise.resolve(`A's ${kind}`),
        );
        const b = await cache.getOrSet(tenantKey('tenant-b', kind, part), () =>
          Promise.resolve(`B's ${kind}`),
        );
        assert.equal(a, `A's ${kind}`);
        assert.equal(b, `B's ${kind}`);
        assert.equal(await cache.get(tenantKey('tenant-a', kind, part)), `A's ${kind}`);
      }
    });

    void it('hashes payloads canonically: key order does not matter, values do', async () => {
      const load = () => Promise.resolve('first');
      await cache.getOrSet(tenantKey('tenant-a', 'similar_search', { a: 1, b: { c: 2, d: 3 } }), load);
      const same = await cache.getOrSet(
        tenantKey('tenant-a', 'similar_search', { b: { d: 3, c: 2 }, a: 1 }),
        () => Promise.resolve('x'),
      );
      const other = await cache.getOrSet(
        tenantKey('tenant-a', 'similar_search', { a: 1, b: { c: 2, d: 4 } }),
        () => Promise.resolve('y'),
      );
      assert.equal(same, 'first');
      assert.equal(other, 'y');
    });

    void it('runs the loader once for 100 concurrent misses on one key', async () => {
      let calls = 0;
      const key = tenantKey('tenant-c', 'cost_estimates', 'estimate-1');
      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          cache.getOrSet(key, async () => {
            calls += 1;
            await sleep(30);
            return { total: 42 };
          }),
        ),
      );
      assert.equal(calls, 1);
      assert.ok(results.every((r) => r.total === 42));
    });

    void it("invalidates one tenant's kind by generation without touching other tenants", async () => {
      const version = { 'tenant-a': 1, 'tenant-b': 1 };
      const list = (tenant: 'tenant-a' | 'tenant-b', page: number) =>
        cache.getOrSet(tenantKey(tenant, 'file_list', { page }), () =>
          Promise.resolve(`${tenant} v${version[tenant]} p${page}`),
        );
      await list('tenant-a', 1);
      await list('tenant-a', 2);
      await list('tenant-b', 1);
      version['tenant-a'] = 2;
      version['tenant-b'] = 2;
      await cache.invalidateTenantKind('tenant-a', 'file_list');
      assert.equal(await list('tenant-a', 1), 'tenant-a v2 p1');
      assert.equal(await list('tenant-a', 2), 'tenant-a v2 p2');
      assert.equal(await list('tenant-b', 1), 'tenant-b v1 p1');
    });

    void it('delete, invalidateShared and invalidateApiKey make the next read load again', async () => {
      let n = 0;
      const next = () => Promise.resolve(++n);
      const analysis = tenantKey('tenant-a', 'analysis_results', 'f9');
      const catalog = sharedKey('material_catalog', 'all');
      const apiKey = apiKeyCacheKey('a'.repeat(64));
      for (const key of [analysis, catalog, apiKey]) await cache.getOrSet(key, next);
      await cache.delete(analysis);
      await cache.invalidateShared('material_catalog');
      await cache.invalidateApiKey('a'.repeat(64));
      // one after the other: concurrent loads may finish in any order (cluster nodes answer independently)
      const reloaded = [];
      for (const key of [analysis, catalog, apiKey]) reloaded.push(await cache.getOrSet(key, next));
      assert.deepEqual(reloaded, [4, 5, 6]);
    });

    void it('set stores a value with its ETag; get never loads', async () => {
      const key = tenantKey('tenant-a', 'user_settings', 'user-1');
      assert.equal(await cache.get(key), undefined);
      const etag = await cache.set(key, { theme: 'dark' });
      assert.deepEqual(await cache.get(key), { theme: 'dark' });
      assert.equal((await cache.getOrSetWithEtag(key, () => Promise.resolve({ theme: 'x' }))).etag, etag);
    });

    void it('does not cache undefined and lets loader errors through unchanged', async () => {
      const key = tenantKey('tenant-a', 'file_metadata', 'missing');
      assert.equal(await cache.getOrSet(key, () => Promise.resolve(undefined)), undefined);
      assert.equal(await cache.getOrSet(key, () => Promise.resolve('now there')), 'now there');
      const boom = new Error('db down');
      const failing = tenantKey('tenant-a', 'file_metadata', 'failing');
      await assert.rejects(
        cache.getOrSet(failing, () => Promise.reject(boom)),
        (err) => err === boom,
      );
      assert.equal(await cache.getOrSet(failing, () => Promise.resolve('recovered')), 'recovered');
    });

    void it('serves the stale value while one slow refresh runs, then the fresh one', async () => {
      const key = tenantKey('tenant-a', 'file_metadata', 'slow');
      let calls = 0;
      const loader = async () => {
        calls += 1;
        if (calls > 1) await sleep(300);
        return `v${calls}`;
      };
      await cache.getOrSet(key, loader, { ttlMs: 100 });
      await sleep(150);
      const started = Date.now();
      const during = await Promise.all(
        [1, 2, 3].map(() => cache.getOrSet(key, loader, { ttlMs: 5000, softTimeoutMs: 20 })),
      );
      assert.ok(Date.now() - started < 250, 'stale answer must not wait for the slow loader');
      assert.deepEqual(during, ['v1', 'v1', 'v1']);
      await sleep(350);
      assert.equal(await cache.getOrSet(key, loader), 'v2');
      assert.equal(calls, 2);
    });

    void it('a read during a write-through of its key waits for it instead of running its own loader', async () => {
      const key = tenantKey('tenant-a', 'file_list', 'first-page');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const refreshing = cache.refresh(key, async () => {
        await gate;
        return 'written through';
      });
      await sleep(10);
      let loads = 0;
      const read = cache.getOrSet(key, () => Promise.resolve(`loaded ${++loads}`));
      release();
      await refreshing;
      assert.equal(await read, 'written through');
      assert.equal(loads, 0);
    });

    void it('fails with CacheLoaderTimeoutError past the hard timeout when nothing stale exists', async () => {
      const key = tenantKey('tenant-a', 'file_metadata', 'hard');
      await assert.rejects(
        cache.getOrSet(key, () => sleep(200).then(() => 'late'), { hardTimeoutMs: 30 }),
        CacheLoaderTimeoutError,
      );
    });

    void it('hands out frozen values so no request can corrupt another one', async () => {
      const value = await cache.getOrSet(tenantKey('tenant-a', 'file_list', 'frozen'), () =>
        Promise.resolve({ items: [{ id: 1 }] }),
      );
      assert.throws(() => {
        (value.items as { id: number }[]).push({ id: 2 });
      }, TypeError);
    });

    void it('counts hits and misses per kind in stats() and in the registry', async () => {
      const stats = cache.stats();
      assert.ok(stats.kinds.file_metadata.hits >= 1);
      assert.ok(stats.kinds.file_metadata.misses >= 1);
      assert.equal(stats.overall.hits + stats.overall.misses > 0, true);
      assert.ok(stats.overall.hitRate > 0 && stats.overall.hitRate < 1);
      const text = await registry.metrics();
      assert.match(text, /cache_hits_total\{kind="file_metadata",level="l1"\} \d+/);
      assert.match(text, /cache_misses_total\{kind="file_metadata"\} \d+/);
      assert.match(text, /cache_circuit_open 0/);
    });
  });
}
