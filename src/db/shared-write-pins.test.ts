import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { closedPortUrl, eventually, randomPrefix, testRedisUrl } from '../cache/testing/redis.ts';
import { openRedis, type RedisConnection } from '../redis/index.ts';
import { clusterTarget, sharedRedisCluster } from '../redis/testing/redis-servers.ts';
import { parseLsn } from './replica-lag.ts';
import { SharedWritePins } from './shared-write-pins.ts';

const server = openRedis({ url: testRedisUrl });
after(() => server.close());
let cluster: RedisConnection | undefined;
after(() => cluster?.close());

const connections: Array<[string, () => Promise<RedisConnection>]> = [
  ['one server', async () => server],
  ['Redis Cluster', async () => (cluster ??= openRedis(clusterTarget(await sharedRedisCluster())))],
];

for (const [name, connect] of connections) {
  void describe(`SharedWritePins (${name})`, () => {
    it("keeps the tenant's latest write per shard, for the pin's time", async () => {
      const redis = await connect();
      assert.ok(await redis.whenReady(5000));
      const pins = new SharedWritePins(redis, randomPrefix('ryw'));
      const tenant = randomUUID();
      assert.equal(await pins.lastWrite(0, tenant), undefined);

      await pins.record(0, tenant, parseLsn('1/A0'), 60_000);
      // a slower note of an earlier write (another process) does not lower the pin
      await pins.record(0, tenant, parseLsn('0/FFFFFFFF'), 60_000);
      assert.equal(await pins.lastWrite(0, tenant), parseLsn('1/A0'));
      await pins.record(0, tenant, parseLsn('2/0'), 60_000);
      assert.equal(await pins.lastWrite(0, tenant), parseLsn('2/0'));
      assert.equal(await pins.lastWrite(1, tenant), undefined, 'another shard');
      assert.equal(await pins.lastWrite(0, randomUUID()), undefined, 'another tenant');

      await pins.record(1, tenant, 2n ** 64n - 1n, 50);
      assert.equal(await pins.lastWrite(1, tenant), 2n ** 64n - 1n);
      const lapsed = await eventually(async () => (await pins.lastWrite(1, tenant)) === undefined, 5000);
      assert.ok(lapsed, 'the pin lapses after its time');
    });
  });
}

void describe('SharedWritePins without Redis', () => {
  it('rejects, so the caller can choose the primary', async () => {
    const down = openRedis({ url: await closedPortUrl() });
    after(() => down.close());
    const pins = new SharedWritePins(down, randomPrefix('ryw'));
    await assert.rejects(pins.lastWrite(0, randomUUID()));
    await assert.rejects(pins.record(0, randomUUID(), 1n, 1000));
  });
});
