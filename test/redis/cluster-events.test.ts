import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DomainEvent } from '../../src/events/index.ts';
import { RedisEventBus } from '../../src/events/redis-event-bus.ts';
import { openRedis } from '../../src/redis/index.ts';
import {
  commandCalls,
  moveSlot,
  shardSubscribers,
  slotOwnerPort,
} from '../../src/redis/testing/cluster-inspection.ts';
import { clusterTarget, redisCli, startRedisCluster } from '../../src/redis/testing/redis-servers.ts';

/** Polls `check` every 50 ms until it holds or `ms` pass; resolves whether it held. */
async function eventually(check: () => Promise<boolean>, ms = 20_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

function event(tenantId: string, n: number): DomainEvent {
  return {
    type: 'file.uploaded',
    tenantId,
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    data: { n },
  };
}

test("Redis Cluster: a tenant's sharded event channel follows its slot to another primary and through a failover", async (t) => {
  const cluster = await startRedisCluster(3, 1);
  const redis = openRedis(clusterTarget(cluster));
  const keyPrefix = `test:events:${randomUUID()}:`;
  const buses: RedisEventBus[] = [];
  // clients close before the nodes die: a cluster client closed while a slot-map refresh to dead nodes is
  // under way can re-arm its refresh timer (ioredis), which would keep the test process alive
  t.after(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await redis.close();
    await cluster.destroy();
  });
  assert.ok(await redis.whenReady(10_000));
  const open = async () => {
    const bus = await RedisEventBus.create({ redis, keyPrefix, connectWaitMs: 5000 });
    buses.push(bus);
    return bus;
  };
  const one = await open();
  const two = await open();
  const tenant = `tenant-${randomUUID()}`;
  const channel = two.channel(tenant);
  const received: DomainEvent[] = [];
  two.subscribe(tenant, (e) => received.push(e));
  await two.subscriptionsSettled();
  let sent = 0;
  /** Publishes on `one` until an event sent now reaches `two` (one sent while a node is switching may be lost). */
  const deliversAgain = () =>
    eventually(async () => {
      const next = event(tenant, ++sent);
      await one.publish(next);
      await sleep(50);
      return received.some((e) => e.id === next.id);
    });

  const primaries = await Promise.all(
    cluster.nodes.map(async (node) =>
      (await redisCli(node.port, 'ROLE')).startsWith('master') ? node.port : 0,
    ),
  );
  const primaryPorts = primaries.filter((port) => port > 0);
  const first = await slotOwnerPort(primaryPorts[0]!, channel);
  assert.ok(await deliversAgain(), 'delivered before anything moved');
  assert.equal(await shardSubscribers(first, channel), 1);

  // the slot, with the tenant's stream, moves to another primary: the subscription moves with it
  const second = primaryPorts.find((port) => port !== first)!;
  await moveSlot(primaryPorts, channel, second);
  assert.ok(
    await eventually(async () => (await shardSubscribers(second, channel)) === 1),
    'subscribed on the new primary of the slot',
  );
  assert.ok(await deliversAgain(), 'delivered after the slot moved');
  assert.ok((await commandCalls(second, 'spublish')) > 0, 'published with SPUBLISH on the new primary');
  assert.equal(await shardSubscribers(first, channel), 0, 'nothing left on the old primary');

  // the slot's primary dies; its replica takes over and the subscription follows
  const survivor = primaryPorts.find((port) => port !== second)!;
  await cluster.nodes.find((node) => node.port === second)!.kill();
  let promoted = 0;
  assert.ok(
    await eventually(async () => {
      promoted = await slotOwnerPort(survivor, channel);
      return promoted !== second && (await shardSubscribers(promoted, channel)) === 1;
    }),
    'subscribed on the replica that took over the slot',
  );
  assert.ok(await deliversAgain(), 'delivered after the failover');
  assert.ok(
    (await commandCalls(promoted, 'spublish')) > 0,
    'published with SPUBLISH on the promoted replica',
  );
});
