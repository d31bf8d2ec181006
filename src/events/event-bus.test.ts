import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DomainEvent, EventBus } from './event-bus.ts';
import { MalformedEventError } from './events.errors.ts';
import { InProcessEventBus } from './in-process-event-bus.ts';
import { RedisEventBus } from './redis-event-bus.ts';
import { openRedis, type RedisConnection } from '../redis/index.ts';
import {
  commandCalls,
  shardSubscriberIds,
  shardSubscribers,
  slotOwnerPort,
} from '../redis/testing/cluster-inspection.ts';
import { clusterTarget, redisCli, sharedRedisCluster } from '../redis/testing/redis-servers.ts';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The test process's Redis; each bus opens its own connections through it (as each process would). */
const redis = openRedis({ url: redisUrl });
after(() => redis.close());
const prefix = (): string => `test:events:${randomUUID()}:`;
let clusterRedis: RedisConnection | undefined;
after(() => clusterRedis?.close());
/** A connection to this process's Redis Cluster (3 primaries), opened on first use. */
async function cluster(): Promise<RedisConnection> {
  clusterRedis ??= openRedis(clusterTarget(await sharedRedisCluster()));
  await clusterRedis.whenReady(5000);
  return clusterRedis;
}

function event(tenantId: string, type = 'file.uploaded', data: unknown = {}): DomainEvent {
  return { type, tenantId, id: randomUUID(), occurredAt: new Date().toISOString(), data };
}

/** Collects what a subscriber receives. */
function collect(bus: EventBus, tenantId: string): { events: DomainEvent[]; stop: () => void } {
  const events: DomainEvent[] = [];
  return { events, stop: bus.subscribe(tenantId, (e) => events.push(e)) };
}

async function until(check: () => boolean, ms = 1000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(5);
}

/** Polls `check` every 50 ms until it holds or `ms` pass; resolves whether it held. */
async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

const implementations: Array<[string, () => Promise<EventBus>]> = [
  ['in-process', () => Promise.resolve(new InProcessEventBus())],
  ['Redis', () => RedisEventBus.create({ redis, keyPrefix: prefix() })],
  ['Redis Cluster', async () => RedisEventBus.create({ redis: await cluster(), keyPrefix: prefix() })],
];

// One suite for both implementations.
for (const [name, create] of implementations) {
  void describe(`EventBus (${name})`, () => {
    void it("delivers a tenant's events only to that tenant's subscribers", async (t) => {
      const bus = await create();
      t.after(() => bus.close());
      const a = collect(bus, 'tenant-a');
      const a2 = collect(bus, 'tenant-a');
      const b = collect(bus, 'tenant-b');
      const sent = event('tenant-a', 'analysis.completed', { fileId: 'f1' });
      await bus.publish(sent);
      await bus.publish(event('tenant-c'));
      await until(() => a.events.length === 1 && a2.events.length === 1);
      await sleep(30);
      assert.deepEqual(a.events, [sent]);
      assert.deepEqual(a2.events, [sent]);
      assert.deepEqual(b.events, []);
    });

    void it('stops delivering after unsubscribe and survives a throwing handler', async (t) => {
      const bus = await create();
      t.after(() => bus.close());
      bus.subscribe('tenant-a', () => {
        throw new Error('bad subscriber');
      });
      const kept = collect(bus, 'tenant-a');
      const gone = collect(bus, 'tenant-a');
      gone.stop();
      await bus.publish(event('tenant-a'));
      await until(() => kept.events.length === 1);
      await sleep(30);
      assert.equal(kept.events.length, 1);
      assert.equal(gone.events.length, 0);
    });

    void it('rejects events that cannot be routed safely', async (t) => {
      const bus = await create();
      t.after(() => bus.close());
      await assert.rejects(bus.publish(event('a:b')), MalformedEventError);
      await assert.rejects(bus.publish(event('tenant-a', 'Bad Type')), MalformedEventError);
    });
  });
}

void describe('RedisEventBus', () => {
  void it('fans out across processes and appends to one expiring stream per tenant, capped with MAXLEN ~', async (t) => {
    const keyPrefix = prefix();
    const one = await RedisEventBus.create({ redis, keyPrefix, maxLen: 100, ttlSeconds: 600 });
    const two = await RedisEventBus.create({ redis, keyPrefix, maxLen: 100, ttlSeconds: 600 });
    const admin = redis.client;
    t.after(async () => {
      await admin.del(one.streamKey('tenant-a'), one.streamKey('tenant-z'));
      await Promise.all([one.close(), two.close()]);
    });
    const inTwo = collect(two, 'tenant-a');
    const otherTenant = collect(two, 'tenant-b');
    await two.subscriptionsSettled();
    // one server: a plain SUBSCRIBE (a sharded one would not hear the PUBLISH either)
    const channel = two.channel('tenant-a');
    assert.deepEqual(await admin.pubsub('NUMSUB', channel), [channel, 1]);
    assert.deepEqual(await admin.pubsub('SHARDNUMSUB', channel), [channel, 0]);
    const sent = event('tenant-a', 'file.uploaded', { name: 'plan.dxf' });
    await one.publish(sent);
    await until(() => inTwo.events.length === 1);
    assert.deepEqual(inTwo.events, [sent]);
    assert.deepEqual(otherTenant.events, []);

    const entries = await admin.xrange(one.streamKey('tenant-a'), '-', '+');
    assert.equal(entries.length, 1);
    assert.deepEqual(JSON.parse(entries[0]?.[1][1] ?? 'null'), sent);
    const ttl = await admin.ttl(one.streamKey('tenant-a'));
    assert.ok(ttl > 0 && ttl <= 600, `an idle tenant's stream expires, TTL ${ttl}`);

    // any number of type names still lands in the tenant's one stream
    for (let i = 0; i < 1000; i++) await one.publish(event('tenant-z', `type-${i}`));
    assert.deepEqual(
      (await admin.keys(`${keyPrefix}*`)).sort(),
      [one.streamKey('tenant-a'), one.streamKey('tenant-z')].sort(),
    );
    const length = await admin.xlen(one.streamKey('tenant-z'));
    assert.ok(length < 1000 && length >= 100, `stream trimmed to about 100, got ${length}`);
  });

  void it('still delivers inside the process when Redis is unreachable', async (t) => {
    const unreachable = openRedis({ url: 'redis://127.0.0.1:1' });
    const bus = await RedisEventBus.create({ redis: unreachable, connectWaitMs: 100 });
    t.after(async () => {
      await bus.close();
      await unreachable.close();
    });
    const got = collect(bus, 'tenant-a');
    await bus.publish(event('tenant-a'));
    await until(() => got.events.length === 1);
    assert.equal(got.events.length, 1);
  });
});

void describe('RedisEventBus on a Redis Cluster (3 primaries)', () => {
  void it("sends a tenant's events to its slot's primary alone (SSUBSCRIBE/SPUBLISH) and resubscribes after the subscriber's connection is killed", async (t) => {
    const { nodes } = await sharedRedisCluster();
    const keyPrefix = prefix();
    const one = await RedisEventBus.create({ redis: await cluster(), keyPrefix });
    const two = await RedisEventBus.create({ redis: await cluster(), keyPrefix });
    t.after(() => Promise.all([one.close(), two.close()]));
    const tenant = `tenant-${randomUUID()}`;
    const channel = two.channel(tenant);
    const owner = await slotOwnerPort(nodes[0]!.port, channel);

    const inTwo = collect(two, tenant);
    await two.subscriptionsSettled();
    assert.equal(await shardSubscribers(owner, channel), 1, "the subscription is on the slot's primary");
    const before = await Promise.all(nodes.map((node) => commandCalls(node.port, 'spublish')));
    const first = event(tenant, 'file.uploaded', { n: 1 });
    await one.publish(first);
    await until(() => inTwo.events.length === 1, 5000);
    assert.deepEqual(inTwo.events, [first], 'the other process received the event');
    const spublished = await Promise.all(
      nodes.map(async (node, i) => (await commandCalls(node.port, 'spublish')) - before[i]!),
    );
    assert.deepEqual(
      spublished,
      nodes.map((node) => (node.port === owner ? 1 : 0)),
      "one SPUBLISH, run by the slot's primary only",
    );

    const killed = await shardSubscriberIds(owner);
    assert.equal(killed.length, 1, `one sharded subscriber connection on the primary, got ${killed.length}`);
    await redisCli(owner, 'CLIENT', 'KILL', 'ID', killed[0]!);
    assert.ok(
      await eventually(async () => {
        const ids = await shardSubscriberIds(owner);
        return ids.length === 1 && ids[0] !== killed[0] && (await shardSubscribers(owner, channel)) === 1;
      }),
      'a new connection subscribed the channel again',
    );
    const second = event(tenant, 'file.uploaded', { n: 2 });
    await one.publish(second);
    await until(() => inTwo.events.length === 2, 5000);
    assert.deepEqual(inTwo.events, [first, second], 'events published after the kill arrive');
  });
});
