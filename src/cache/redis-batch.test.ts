import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sharedDataKey, tenantDataKey } from './cache-keys.ts';
import { CacheUnavailableError } from './cache.errors.ts';
import { MemoryBatch, RedisBatch, type BatchStore } from './redis-batch.ts';
import { openRedis } from '../redis/index.ts';
import { closedPortUrl, randomPrefix, testRedisUrl } from './testing/redis.ts';

const stores: Array<[string, () => Promise<{ store: BatchStore; close: () => Promise<unknown> }>]> = [
  ['memory', () => Promise.resolve({ store: new MemoryBatch(), close: () => Promise.resolve() })],
  [
    'Redis',
    async () => {
      const redis = openRedis({ url: testRedisUrl });
      await redis.whenReady(2000);
      return { store: new RedisBatch(redis.client, randomPrefix('batch'), 3), close: () => redis.close() };
    },
  ],
];

for (const [name, open] of stores) {
  void describe(`BatchStore (${name})`, () => {
    void it('writes and reads many values in order, missing ones undefined, tenants apart', async (t) => {
      const { store, close } = await open();
      t.after(close);
      const keys = Array.from({ length: 8 }, (_, i) => tenantDataKey('tenant-a', 'row', i));
      await store.setMany(keys.map((key, i) => ({ key, value: { i }, ttlMs: 60_000 })));
      const read = await store.getMany<{ i: number }>([...keys, tenantDataKey('tenant-b', 'row', 0)]);
      assert.deepEqual(read, [...keys.map((_, i) => ({ i })), undefined]);
    });

    void it('increments counters by batch, starting their TTL window on creation', async (t) => {
      const { store, close } = await open();
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
  const redis = openRedis({ url: await closedPortUrl() });
  t.after(() => redis.close());
  const batch = new RedisBatch(redis.client, randomPrefix('batch'));
  await assert.rejects(batch.getMany([tenantDataKey('tenant-a', 'x')]), CacheUnavailableError);
});
