import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { tenantKey } from '../../src/cache/cache-keys.ts';
import { createTestCache, eventually, randomPrefix } from '../../src/cache/testing/redis.ts';
import { sharedLimiters } from '../../src/rate-limit/testing.ts';
import type { RedisTarget } from '../../src/redis/index.ts';
import { redisCli, startRedisSentinel } from '../../src/redis/testing/redis-servers.ts';

test('Redis Sentinel: the cache and the shared limit follow a failover of the primary', async (t) => {
  const servers = await startRedisSentinel('cai');
  t.after(() => servers.destroy());
  const target: RedisTarget = {
    topology: {
      kind: 'sentinel',
      sentinels: [{ host: '127.0.0.1', port: servers.sentinel.port }],
      primaryName: 'cai',
    },
  };
  const prefix = randomPrefix('sentinel');
  const a = await createTestCache({ prefix, registry: new Registry(), redisTarget: target });
  const b = await createTestCache({ prefix, registry: new Registry(), redisTarget: target, l1TtlMs: 200 });
  t.after(() => Promise.all([a.close(), b.close()]));
  let reads = 0;
  const load = () => Promise.resolve(`row ${++reads}`);
  const key = tenantKey('tenant-a', 'file_metadata', 'f1');
  assert.equal(await a.getOrSet(key, load), 'row 1');
  assert.equal(await b.getOrSet(key, load), 'row 1', 'the second process is served from Redis');
  assert.equal(Number(await redisCli(servers.primary.port, 'DBSIZE')) > 0, true, 'stored on the primary');
  const [limiter] = await sharedLimiters(t, 1, 0.5, 2, target);
  assert.equal(await limiter!.take('tenant-a'), 0);

  const killedAt = Date.now();
  await servers.primary.kill();
  // while the sentinel has not promoted the replica yet, reads answer (from the loader when they must)
  for (let i = 0; i < 5; i++) {
    await sleep(250);
    assert.match(await b.getOrSet(key, load), /^row \d+$/);
    assert.ok((await limiter!.take('tenant-b')) >= 0);
  }
  const promoted = await eventually(
    async () => (await servers.currentPrimaryPort()) === servers.replica.port,
    30_000,
  );
  assert.ok(promoted, 'the sentinel promoted the replica');
  const promotedAt = Date.now();

  // a value written by one process after the failover reaches the other through the new primary
  let attempt = 0;
  const shared = await eventually(async () => {
    const probe = tenantKey('tenant-a', 'analysis_results', `after-${++attempt}`);
    await a.set(probe, { attempt });
    await sleep(50);
    return (await b.get(probe)) !== undefined;
  }, 20_000);
  assert.ok(shared, 'both processes use the promoted primary');
  const servingAt = Date.now();
  assert.match(await redisCli(servers.replica.port, 'INFO', 'replication'), /role:master/);
  t.diagnostic(
    `sentinel failover: replica promoted ${promotedAt - killedAt} ms after the primary died, ` +
      `cache shared through it again ${servingAt - killedAt} ms after`,
  );
});
