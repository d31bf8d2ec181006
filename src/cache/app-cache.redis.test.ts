import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import type { AppCache } from './app-cache.ts';
import { sharedKey, tenantKey } from './cache-keys.ts';
import {
  closedPortUrl,
  eventually,
  randomPrefix,
  testRedisTarget,
  testRedisUrl,
  createTestCache,
  type TestCacheOptions,
} from './testing/redis.ts';
import { TcpProxy } from './testing/tcp-proxy.ts';

const open = (prefix: string, extra: Partial<TestCacheOptions> = {}): Promise<AppCache> =>
  createTestCache({ prefix, registry: new Registry(), redisUrl: testRedisUrl, ...extra });

/** A "database" row whose reads are counted, standing in for Postgres behind the loader. */
function source<T>(initial: T): { value: T; reads: number; load: () => Promise<T> } {
  const row = { value: initial, reads: 0, load: () => Promise.resolve((row.reads++, row.value)) };
  return row;
}

void describe('AppCache across processes (two instances on one Redis)', () => {
  void it('a write + invalidation on one instance is not served stale by the other after 200 ms', async (t) => {
    const prefix = randomPrefix('multi');
    const registryB = new Registry();
    const a = await open(prefix);
    const b = await open(prefix, { registry: registryB });
    t.after(() => Promise.all([a.close(), b.close()]));
    const files = source(['f1']);
    const key = tenantKey('tenant-a', 'file_list', { page: 1 });
    assert.deepEqual(await a.getOrSet(key, files.load), ['f1']);
    assert.deepEqual(await b.getOrSet(key, files.load), ['f1'], 'B is served from Redis');
    assert.deepEqual(await b.getOrSet(key, files.load), ['f1'], 'then from its own memory');
    assert.equal(files.reads, 1);
    assert.match(await registryB.metrics(), /cache_hits_total\{kind="file_list",level="l2"\} 1/);

    files.value = ['f1', 'f2'];
    await a.invalidateTenantKind('tenant-a', 'file_list');
    await sleep(200);
    assert.deepEqual(await b.getOrSet(key, files.load), ['f1', 'f2']);

    const catalog = source({ steel: 10 });
    const shared = sharedKey('material_catalog', 'all');
    await b.getOrSet(shared, catalog.load);
    catalog.value = { steel: 12 };
    await a.invalidateShared('material_catalog');
    await sleep(200);
    assert.deepEqual(await b.getOrSet(shared, catalog.load), { steel: 12 });

    const analysis = tenantKey('tenant-a', 'analysis_results', 'file-1');
    await a.set(analysis, { walls: 3 });
    assert.deepEqual(await b.get(analysis), { walls: 3 });
    await a.set(analysis, { walls: 4 });
    await sleep(200);
    assert.deepEqual(await b.get(analysis), { walls: 4 });
  });

  void it('flushes its memory when the bus comes back after a gap, and never outlives the L1 TTL', async (t) => {
    const prefix = randomPrefix('buscut');
    const proxy = await TcpProxy.start(testRedisTarget());
    const writer = await open(prefix);
    const reader = await open(prefix, { redisUrl: proxy.url, l1TtlMs: 1500, circuitBreakMs: 100 });
    t.after(async () => {
      await Promise.all([writer.close(), reader.close()]);
      await proxy.close();
    });
    const row = source('v1');
    const key = tenantKey('tenant-a', 'file_metadata', 'f1');
    assert.equal(await reader.getOrSet(key, row.load), 'v1');

    proxy.cut();
    row.value = 'v2';
    await writer.invalidateTenantKind('tenant-a', 'file_metadata'); // the reader never hears this message
    assert.equal(await reader.getOrSet(key, row.load), 'v1', 'stale only within its L1 TTL');
    proxy.restore();
    const fresh = await eventually(async () => (await reader.getOrSet(key, row.load)) === 'v2', 1000);
    assert.ok(fresh, 'reconnect flushed L1 well before the 1.5 s L1 TTL');

    proxy.cut(); // cut for good: staleness is still bounded by the L1 TTL
    row.value = 'v3';
    await writer.invalidateTenantKind('tenant-a', 'file_metadata');
    const started = Date.now();
    assert.ok(await eventually(async () => (await reader.getOrSet(key, row.load)) === 'v3', 3000));
    assert.ok(Date.now() - started <= 1500 + 300, 'no stale value outlives the L1 TTL');
  });

  void it('an invalidation made while Redis was unreachable lands once it is back', async (t) => {
    const prefix = randomPrefix('retry');
    const proxy = await TcpProxy.start(testRedisTarget());
    const writer = await open(prefix, { redisUrl: proxy.url, circuitBreakMs: 100 });
    const reader = await open(prefix, { l1TtlMs: 20_000 });
    t.after(async () => {
      await Promise.all([writer.close(), reader.close()]);
      await proxy.close();
    });
    const row = source('v1');
    const key = tenantKey('tenant-a', 'cost_estimates', 'e1');
    await writer.getOrSet(key, row.load);
    assert.equal(await reader.getOrSet(key, row.load), 'v1');
    proxy.cut();
    row.value = 'v2';
    await writer.delete(key);
    proxy.restore();
    assert.ok(await eventually(async () => (await reader.getOrSet(key, row.load)) === 'v2', 4000));
  });
});

void describe('AppCache when Redis is down', () => {
  void it('answers every call from memory or the loader when REDIS_URL points at a closed port', async (t) => {
    const started = Date.now();
    const cache = await open(randomPrefix('down'), { redisUrl: await closedPortUrl(), connectWaitMs: 300 });
    t.after(() => cache.close());
    assert.ok(Date.now() - started < 1500);
    assert.equal(cache.degraded, true);
    const row = source({ name: 'plan.dxf' });
    for (let i = 0; i < 50; i++) {
      const key = tenantKey('tenant-a', 'file_metadata', `f${i % 5}`);
      assert.deepEqual(await cache.getOrSet(key, row.load), { name: 'plan.dxf' });
    }
    assert.equal(row.reads, 5, 'L1 still caches');
    await cache.invalidateTenantKind('tenant-a', 'file_metadata');
    await cache.set(tenantKey('tenant-a', 'user_settings', 'u'), { a: 1 });
    assert.deepEqual(await cache.get(tenantKey('tenant-a', 'user_settings', 'u')), { a: 1 });
  });

  void it('keeps answering while Redis is cut mid-run and uses it again once back', async (t) => {
    const prefix = randomPrefix('flap');
    const proxy = await TcpProxy.start(testRedisTarget());
    const cache = await open(prefix, { redisUrl: proxy.url, circuitBreakMs: 100 });
    const other = await open(prefix);
    t.after(async () => {
      await Promise.all([cache.close(), other.close()]);
      await proxy.close();
    });
    const row = source(1);
    let answered = 0;
    for (let i = 0; i < 300; i++) {
      if (i === 100) proxy.cut();
      if (i === 200) proxy.restore();
      const key = tenantKey('tenant-a', 'analysis_results', `f${i % 20}`);
      assert.equal(await cache.getOrSet(key, row.load), 1);
      answered += 1;
      await sleep(2);
    }
    assert.equal(answered, 300);
    assert.ok(await eventually(() => !cache.degraded, 3000), 'circuit closes by itself');
    await cache.set(tenantKey('tenant-a', 'user_settings', 'u1'), 'through redis');
    assert.equal(await other.get(tenantKey('tenant-a', 'user_settings', 'u1')), 'through redis');
  });
});
