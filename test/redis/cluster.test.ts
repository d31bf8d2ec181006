import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { tenantDataKey, tenantKey } from '../../src/cache/cache-keys.ts';
import { RedisBatch } from '../../src/cache/redis-batch.ts';
import { openRedis } from '../../src/redis/index.ts';
import { createTestCache, eventually, randomPrefix } from '../../src/cache/testing/redis.ts';
import { sharedLimiters } from '../../src/rate-limit/testing.ts';
import { clusterTarget, redisCli, startRedisCluster } from '../../src/redis/testing/redis-servers.ts';

const tenants = Array.from({ length: 12 }, (_, i) => `tenant-${i}`);

/** A counted loader per key, standing in for PostgreSQL. */
function rows(): { reads: Map<string, number>; load: (id: string) => () => Promise<string> } {
  const reads = new Map<string, number>();
  return {
    reads,
    load: (id) => () => (reads.set(id, (reads.get(id) ?? 0) + 1), Promise.resolve(`row of ${id}`)),
  };
}

void describe('Redis Cluster (3 primaries) as L2, bus and shared rate limit', () => {
  void it('two processes share entries and invalidations; a primary killed mid-test costs no failed read', async (t) => {
    const cluster = await startRedisCluster(3);
    // clients close before the cluster goes: a cluster client closed after its nodes died can keep
    // refreshing its slot map and hold the test process open
    const closing: Array<() => unknown> = [];
    t.after(async () => {
      for (const close of closing.reverse()) await close();
      await cluster.destroy();
    });
    const target = clusterTarget(cluster);
    const prefix = randomPrefix('cluster');
    const registryB = new Registry();
    const a = await createTestCache({ prefix, registry: new Registry(), redisTarget: target });
    const b = await createTestCache({ prefix, registry: registryB, redisTarget: target, l1TtlMs: 300 });
    closing.push(() => Promise.all([a.close(), b.close()]));
    const source = rows();
    const keyOf = (tenant: string) => tenantKey(tenant, 'file_metadata', 'f1');

    for (const tenant of tenants)
      assert.equal(await a.getOrSet(keyOf(tenant), source.load(tenant)), `row of ${tenant}`);
    for (const tenant of tenants)
      assert.equal(await b.getOrSet(keyOf(tenant), source.load(tenant)), `row of ${tenant}`);
    assert.deepEqual(
      [...source.reads.values()],
      tenants.map(() => 1),
      'the second process read every entry from Redis',
    );
    assert.match(
      await registryB.metrics(),
      new RegExp(`cache_hits_total\\{kind="file_metadata",level="l2"\\} ${tenants.length}`),
    );
    // the tenants' keys landed on every primary (hash tags spread tenants over slots)
    const keyCounts = await Promise.all(
      cluster.nodes.map(async (node) => Number(await redisCli(node.port, 'DBSIZE'))),
    );
    assert.ok(
      keyCounts.every((n) => n > 0),
      `keys per primary: ${keyCounts.join(', ')}`,
    );

    await a.invalidateTenantKind('tenant-0', 'file_metadata');
    assert.ok(
      await eventually(
        async () => (
          await b.getOrSet(keyOf('tenant-0'), source.load('tenant-0')),
          source.reads.get('tenant-0') === 2
        ),
        5000,
      ),
      'the bus reached the other process',
    );

    // one tenant's counters in one pipelined round trip: its keys share a slot (hash tag)
    const redis = openRedis(target);
    closing.push(() => redis.close());
    await redis.whenReady(5000);
    const batch = new RedisBatch(redis.client, prefix);
    const counters = ['a', 'b', 'c', 'd'].map((name) => tenantDataKey('tenant-5', 'usage', name));
    assert.deepEqual(await batch.incrMany(counters.map((key, i) => ({ key, by: i + 1 }))), [1, 2, 3, 4]);
    assert.deepEqual(await batch.getMany(counters), [1, 2, 3, 4]);

    const limiters = await sharedLimiters(t, 2, 0.5, 3, target);
    for (let i = 0; i < 3; i++) assert.equal(await limiters[i % 2]!.take('tenant-1'), 0);
    assert.ok((await limiters[0]!.take('tenant-1')) >= 1, 'the two processes share one bucket');

    await cluster.nodes[2]!.kill();
    await sleep(400); // past B's L1 TTL: its reads now go to Redis (or, for the dead primary's keys, PostgreSQL)
    for (const tenant of tenants)
      assert.equal(await b.getOrSet(keyOf(tenant), source.load(tenant)), `row of ${tenant}`);
    // a failed command opens the circuit: Redis is bypassed for a moment, retried, bypassed again while the
    // dead primary's slots fail; through all of it every read answers, from PostgreSQL when it must
    for (let round = 0; round < 6; round++) {
      await sleep(500);
      for (const tenant of tenants)
        assert.equal(await b.getOrSet(keyOf(tenant), source.load(tenant)), `row of ${tenant}`);
    }
    for (const tenant of tenants)
      assert.ok((await limiters[1]!.take(`${tenant}-after`)) >= 0, 'the limiter keeps deciding');
  });
});
