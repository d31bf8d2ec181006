import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { openRedis } from '../../src/redis/index.ts';
import { eventually, startSecondInstance, startTestApp, uploadFile } from '../support/test-app.ts';

/** Opens the SSE stream and collects `event:` names until `stop`. */
async function collect(base: string, authorization: string) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events/stream`, {
    headers: { authorization },
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const frames: string[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body!) frames.push(decoder.decode(chunk));
    } catch {
      // aborted
    }
  })();
  return {
    text: () => frames.join(''),
    stop: async () => {
      controller.abort();
      await reading;
    },
  };
}

for (const [label, env] of [
  ['in-process', {}],
  ['Redis', { REDIS_URL: 'redis://127.0.0.1:6379' }],
] as const) {
  test(`event stream delivers only the calling tenant's events (${label})`, async (t) => {
    const ctx = await startTestApp({ WORKER_ENABLED: 'false', ...env });
    t.after(() => ctx.close());
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
    const alice = await ctx.createTenant('Alice');
    const bob = await ctx.createTenant('Bob');
    const aliceStream = await collect(base, alice.headers.authorization);
    const bobStream = await collect(base, bob.headers.authorization);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fileId = await uploadFile(ctx.app, alice.headers, 'plan.dxf', '0\nEOF\n');
    await eventually(async () => (aliceStream.text().includes(fileId) ? true : undefined), 5000);
    await aliceStream.stop();
    await bobStream.stop();
    assert.match(aliceStream.text(), /event: file_uploaded/);
    assert.ok(aliceStream.text().includes(fileId));
    assert.ok(!bobStream.text().includes('file_uploaded'), "Bob must not see Alice's events");
    const unauthenticated = await fetch(`${base}/api/events/stream`);
    assert.equal(unauthenticated.status, 401);
  });
}

test("the app's event streams in Redis live under CACHE_PREFIX, so deployments sharing a Redis stay apart", async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', REDIS_URL: 'redis://127.0.0.1:6379' });
  t.after(() => ctx.close());
  const connection = openRedis({ url: 'redis://127.0.0.1:6379' });
  t.after(() => connection.close());
  assert.ok(await connection.whenReady(5000), 'Redis at 127.0.0.1:6379');
  const redis = connection.client;
  const tenant = await ctx.createTenant();
  const fileId = await uploadFile(ctx.app, tenant.headers, 'plan.dxf', '0\nEOF\n');
  const entries = await redis.xrange(`${ctx.config.cachePrefix}:events:t:{${tenant.tenantId}}`, '-', '+');
  assert.equal(entries.length, 1);
  assert.ok(entries[0]![1].join(' ').includes(fileId));
});

test("two instances sharing Redis: a tenant's stream on one gets its events posted to the other, only its own", async (t) => {
  const one = await startTestApp({ WORKER_ENABLED: 'false', REDIS_URL: 'redis://127.0.0.1:6379' });
  t.after(() => one.close());
  const two = await startSecondInstance(one);
  t.after(() => two.close());
  const connection = openRedis({ url: 'redis://127.0.0.1:6379' });
  t.after(() => connection.close());
  assert.ok(await connection.whenReady(5000), 'Redis at 127.0.0.1:6379');
  const redis = connection.client;
  await two.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(two.app.server.address() as AddressInfo).port}`;
  const alice = await one.createTenant('Alice');
  const bob = await one.createTenant('Bob');
  const aliceStream = await collect(base, alice.headers.authorization);
  const bobStream = await collect(base, bob.headers.authorization);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const post = async (headers: { authorization: string }, type: string) => {
    const response = await one.app.inject({ method: 'POST', url: '/api/events', headers, payload: { type } });
    assert.equal(response.statusCode, 202, response.body);
    return response.json<{ event_id: string }>().event_id;
  };
  const aliceEvent = await post(alice.headers, 'custom:site_visit');
  const bobEvent = await post(bob.headers, 'custom:crane_booked');
  await eventually(async () => (aliceStream.text().includes(aliceEvent) ? true : undefined), 5000);
  await eventually(async () => (bobStream.text().includes(bobEvent) ? true : undefined), 5000);
  await aliceStream.stop();
  await bobStream.stop();
  assert.match(aliceStream.text(), /event: custom\.site_visit/);
  assert.ok(!aliceStream.text().includes(bobEvent), "Alice must not see Bob's events");
  assert.ok(!bobStream.text().includes(aliceEvent), "Bob must not see Alice's events");

  const stored = await redis.xrange(`${one.config.cachePrefix}:events:t:{${alice.tenantId}}`, '-', '+');
  assert.deepEqual(
    stored.map(([, fields]) => (JSON.parse(fields[1]!) as { id: string }).id),
    [aliceEvent],
    "the tenant's Redis stream holds its events only",
  );
});
