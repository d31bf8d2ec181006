import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { eventually, startTestApp, uploadFile } from '../support/test-app.ts';

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
  const redis = new Redis('redis://127.0.0.1:6379');
  t.after(() => redis.quit());
  const tenant = await ctx.createTenant();
  const fileId = await uploadFile(ctx.app, tenant.headers, 'plan.dxf', '0\nEOF\n');
  const entries = await redis.xrange(`${ctx.config.cachePrefix}:events:file_uploaded`, '-', '+');
  assert.equal(entries.length, 1);
  assert.ok(entries[0]![1].join(' ').includes(fileId));
});
