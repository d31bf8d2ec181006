import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openRedis, type RedisClient } from '../../src/redis/index.ts';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

type Headers = { authorization: string };

/** What the app keeps about a tenant's events: its Redis keys and stream, queued jobs and remembered rows. */
function inspector(ctx: TestApp, redis: RedisClient) {
  const streamKey = (tenantId: string) => `${ctx.config.cachePrefix}:events:t:{${tenantId}}`;
  const count = async (
    tenantId: string,
    table: 'pgboss.job' | 'automation_event_keys' | 'automation_event_types',
  ) => {
    const owner = table === 'pgboss.job' ? sql`data->>'tenantId'` : sql`tenant_id::text`;
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}
      WHERE ${owner} = ${tenantId}`.execute(ctx.deps.router.forTenant(tenantId));
    return rows[0]!.n;
  };
  return {
    streamKey,
    /** Every Redis key of the app that names the tenant. */
    redisKeys: async (tenantId: string) => {
      const keys: string[] = [];
      for await (const batch of redis.scanStream({ match: `${ctx.config.cachePrefix}:*` })) {
        keys.push(...(batch as string[]).filter((key) => key.includes(tenantId)));
      }
      return [...new Set(keys)].sort();
    },
    streamTenants: async (tenantId: string) =>
      (await redis.xrange(streamKey(tenantId), '-', '+')).map(
        ([, fields]) => (JSON.parse(fields[1]!) as { tenantId: string }).tenantId,
      ),
    jobs: (tenantId: string) => count(tenantId, 'pgboss.job'),
    eventKeys: (tenantId: string) => count(tenantId, 'automation_event_keys'),
    eventTypes: (tenantId: string) => count(tenantId, 'automation_event_types'),
  };
}

async function setup(t: { after: (fn: () => Promise<unknown>) => void }, env: Record<string, string>) {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', REDIS_URL, ...env });
  t.after(() => ctx.close());
  const connection = openRedis({ url: REDIS_URL });
  t.after(() => connection.close());
  assert.ok(await connection.whenReady(5000), 'Redis at 127.0.0.1:6379');
  const redis = connection.client;
  const post = (headers: Headers, type: string, data: object = {}, key?: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: key === undefined ? headers : { ...headers, 'idempotency-key': key },
      payload: { type, data },
    });
  return { ctx, redis, post, state: inspector(ctx, redis) };
}

test('random event types: refused past the per-tenant cap, Redis state of the tenant bounded; another tenant unaffected', async (t) => {
  const { ctx, redis, post, state } = await setup(t, {
    EVENT_CUSTOM_TYPES_MAX: '5',
    EVENT_STREAM_MAXLEN: '20',
    EVENT_STREAM_TTL_SECONDS: '3600',
  });
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const rule = await ctx.app.inject({
    method: 'POST',
    url: '/api/automation-rules',
    headers: alice.headers,
    payload: {
      name: 'paid invoices',
      trigger_type: 'custom:invoice_paid',
      actions: [{ type: 'send_notification', message: 'paid' }],
    },
  });
  assert.equal(rule.statusCode, 201, rule.body);

  const randomTypes = Array.from({ length: 30 }, () => `custom:r-${randomUUID()}`);
  const statuses: number[] = [];
  for (const type of randomTypes) statuses.push((await post(alice.headers, type)).statusCode);
  assert.deepEqual(statuses, [...Array<number>(5).fill(202), ...Array<number>(25).fill(422)]);
  const refused = await post(alice.headers, 'custom:one-more');
  assert.equal(refused.statusCode, 422);
  assert.equal(refused.json<{ code: string }>().code, 'EVENT_TYPE_LIMIT');
  assert.match(refused.json<{ message: string }>().message, /limit of 5 custom event types/);
  assert.equal(await state.eventTypes(alice.tenantId), 5);

  // the first five types stay usable, and so does the type a rule listens to, however often
  const keysBefore = await state.redisKeys(alice.tenantId);
  for (let i = 0; i < 200; i++) {
    const type = i % 2 === 0 ? 'custom:invoice_paid' : randomTypes[i % 5]!;
    const response = await post(alice.headers, type, { i, note: 'x'.repeat(300) });
    assert.equal(response.statusCode, 202, response.body);
  }
  // MAXLEN ~ trims whole stream nodes (at most 100 entries each), so the stream keeps about 20 entries
  const length = (await state.streamTenants(alice.tenantId)).length;
  assert.ok(length >= 20 && length <= 20 + 100, `stream trimmed to about 20 events, got ${length}`);
  const ttl = await redis.ttl(state.streamKey(alice.tenantId));
  assert.ok(ttl > 0 && ttl <= 3600, `an idle tenant's stream expires, TTL ${ttl}`);
  // the events-per-minute quota keeps one expiring key per minute window: compare the kinds of keys
  // (the tenant's one rate-limit key lives about a second: present or not depends on timing)
  const kinds = (keys: string[]) => [
    ...new Set(
      keys
        .filter((k) => !k.includes(':ratelimit:'))
        .map((k) => k.replace(/:quota_events:\d+$/, ':quota_events')),
    ),
  ];
  assert.deepEqual(
    kinds(await state.redisKeys(alice.tenantId)),
    kinds(keysBefore),
    'no Redis key per event or type',
  );
  assert.deepEqual(
    keysBefore.filter((key) => key.includes(':events:')),
    [state.streamKey(alice.tenantId)],
  );
  assert.equal(await state.jobs(alice.tenantId), 100, 'a job only for the events a rule listens to');

  // Bob has his own cap and his own stream
  for (let i = 0; i < 5; i++) {
    assert.equal((await post(bob.headers, `custom:b-${randomUUID()}`)).statusCode, 202);
  }
  assert.deepEqual(await state.streamTenants(bob.tenantId), Array<string>(5).fill(bob.tenantId));
  assert.ok((await state.streamTenants(alice.tenantId)).every((id) => id === alice.tenantId));
});

test('an event larger than EVENT_MAX_BYTES gets 413 and leaves nothing behind', async (t) => {
  const { ctx, redis, post, state } = await setup(t, {});
  const alice = await ctx.createTenant('Alice');
  const tooBig = await post(alice.headers, 'custom:big', { blob: 'x'.repeat(20 * 1024) }, 'key-1');
  assert.equal(tooBig.statusCode, 413, tooBig.body);
  assert.equal(tooBig.json<{ code: string }>().code, 'EVENT_TOO_LARGE');
  assert.match(tooBig.json<{ message: string }>().message, /limit is 16384 bytes \(EVENT_MAX_BYTES\)/);
  assert.equal(await redis.exists(state.streamKey(alice.tenantId)), 0, 'nothing in Redis');
  assert.equal(await state.jobs(alice.tenantId), 0, 'no job');
  assert.equal(await state.eventKeys(alice.tenantId), 0, 'idempotency key not taken');
  assert.equal(await state.eventTypes(alice.tenantId), 0, 'type not counted');
  // far past the limit the body is refused from its length, before it is read or parsed
  const huge = await post(alice.headers, 'custom:big', { blob: 'x'.repeat(60 * 1024) }, 'key-1');
  assert.equal(huge.statusCode, 413, huge.body);
  assert.equal(huge.json<{ code: string }>().code, 'CTP_BODY_TOO_LARGE');
  assert.equal(await state.eventKeys(alice.tenantId), 0, 'idempotency key not taken');

  const fits = await post(alice.headers, 'custom:big', { blob: 'x'.repeat(15 * 1024) }, 'key-1');
  assert.equal(fits.statusCode, 202, fits.body);
  assert.equal(fits.json<{ duplicate: boolean }>().duplicate, false);
  assert.equal(await redis.xlen(state.streamKey(alice.tenantId)), 1);
});
