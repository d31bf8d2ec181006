import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { sharedDataKey, tenantDataKey } from './cache-keys.ts';
import { CacheUnavailableError } from './cache.errors.ts';
import { MemoryBatch, RedisBatch, type BatchStore } from './redis-batch.ts';
import { closedPortUrl, randomPrefix, testRedisUrl } from './testing/redis.ts';

const stores: Array<[string, () => { store: BatchStore; close: () => Promise<unknown> }]> = [
  ['memory', () => ({ store: new MemoryBatch(), close: () => Promise.resolve() })],
  [
    'Redis',
    () => {
      const redis = new Redis(testRedisUrl);
      return { store: new RedisBatch(redis, randomPrefix('batch'), 3), close: () => redis.quit() };
    },
  ],
];

for (const [name, open] of stores) {
  void describe(`BatchStore (${name})`, () => {
    void it('writes and reads many values in order, missing ones undefined, tenants apart', async (t) => {
      const { store, close } = open();
      t.after(close);
      const keys = Array.from({ length: 8 }, (_, i) => tenantDataKey('tenant-a', 'row', i));
      await store.setMany(keys.map((key, i) => ({ key, value: { i }, ttlMs: 60_000 })));
      const read = await store.getMany<{ i: number }>([...keys, tenantDataKey('tenant-b', 'row', 0)]);
      assert.deepEqual(read, [...keys.map((_, i) => ({ i })), undefined]);
    });

    void it('increments counters by batch, starting their TTL window on creation', async (t) => {
      const { store, close } = open();
      t.after(close);
      const files = tenantDataKey('tenant-a', 'usage', 'files');
      const bytes = tenantDataKey('tenant-a', 'usage', 'bytes');
      const global = sharedDataKey('usage', 'uploads');
      assert.deepEqual(
        await store.incrMany([
          { key: files, by: 1, ttlMs: 150 },
          { key: bytes, by: 500, ttlMs: 60_000 },
          { key: global, by: 2, ttlMs: 60_000 },
        ]),
        [1, 500, 2],
      );
      assert.deepEqual(
        await store.incrMany([
          { key: files, by: 2, ttlMs: 150 },
          { key: bytes, by: 1 },
        ]),
        [3, 501],
      );
      await sleep(200);
      assert.deepEqual(await store.incrMany([{ key: files, by: 1, ttlMs: 150 }]), [1]);
      await store.setMany([{ key: global, value: 'short', ttlMs: 50 }]);
      await sleep(80);
      assert.deepEqual(await store.getMany([global]), [undefined]);
    });
  });
}

void it('RedisBatch reports an unreachable Redis as CacheUnavailableError', async (t) => {
  const redis = new Redis(await closedPortUrl(), { enableOfflineQueue: false, lazyConnect: true });
  redis.on('error', () => {});
  t.after(() => redis.disconnect());
  const batch = new RedisBatch(redis, randomPrefix('batch'));
  await assert.rejects(batch.getMany([tenantDataKey('tenant-a', 'x')]), CacheUnavailableError);
});
