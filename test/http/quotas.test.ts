import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { secondsUntilNextUtcDay } from '../../src/quotas/index.ts';
import {
  ADMIN_TOKEN,
  eventually,
  multipartFile,
  startSecondInstance,
  startTestApp,
} from '../support/test-app.ts';

type Headers = Record<string, string>;
type Quotas = Record<string, { limit: number; used: number }>;
type ErrorBody = { code: string; quota: string; limit: number; used: number };

const rule = {
  name: 'Notify',
  trigger_type: 'analysis_completed',
  trigger_conditions: { all: [{ field: 'materials.concrete.quantity', operator: 'greater_than', value: 1 }] },
  actions: [{ type: 'send_notification', message: 'done' }],
};

/** A DXF of exactly `bytes` bytes (a comment pads it). */
function dxf(bytes: number): string {
  const frame = '999\n\n0\nEOF\n';
  return `999\n${'x'.repeat(bytes - frame.length)}\n0\nEOF\n`;
}

/** Waits, when the current UTC minute is nearly over, for the next one (the events quota is per minute). */
async function startOfAMinute(): Promise<void> {
  const intoMinuteMs = Date.now() % 60_000;
  if (intoMinuteMs > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinuteMs));
}

test('tenant quotas', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUOTA_AUTOMATION_RULES: '2',
    QUOTA_FILES: '3',
    QUOTA_STORED_BYTES: '100',
    QUOTA_UPLOADS_PER_DAY: '8',
    QUOTA_EVENTS_PER_MINUTE: '2',
    QUOTA_EVENT_STREAMS: '2',
    QUOTA_BATCH_IDS_PER_DAY: '3',
  });
  t.after(() => ctx.close());
  const { app } = ctx;

  const quotasOf = async (headers: Headers): Promise<Quotas> => {
    const me = await app.inject({ url: '/api/me', headers });
    assert.equal(me.statusCode, 200, me.body);
    const body = me.json<{ tenantId: string; name: string; keyId: string; quotas: Quotas }>();
    assert.ok(body.tenantId && body.name && body.keyId, 'the existing fields stay');
    return body.quotas;
  };
  const upload = (headers: Headers, content: string) => {
    const body = multipartFile('plan.dxf', content);
    return app.inject({
      method: 'POST',
      url: '/api/files/upload',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };
  const uploadOk = async (headers: Headers, content: string) => {
    const response = await upload(headers, content);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ file_id: string }>().file_id;
  };
  const remove = async (headers: Headers, fileId: string) => {
    const response = await app.inject({ method: 'DELETE', url: `/api/files/${fileId}`, headers });
    assert.equal(response.statusCode, 204, response.body);
  };
  const assertQuotaError = (
    response: { statusCode: number; body: string; json<T>(): T },
    status: number,
    quota: string,
  ) => {
    assert.equal(response.statusCode, status, response.body);
    const error = response.json<ErrorBody>();
    assert.equal(error.code, 'QUOTA_EXCEEDED');
    assert.equal(error.quota, quota);
    return error;
  };

  await t.test('GET /api/me shows every quota with its limit', async () => {
    const quotas = await quotasOf((await ctx.createTenant()).headers);
    assert.deepEqual(quotas, {
      automation_rules: { limit: 2, used: 0 },
      files: { limit: 3, used: 0 },
      stored_bytes: { limit: 100, used: 0 },
      uploads_per_day: { limit: 8, used: 0 },
      events_per_minute: { limit: 2, used: 0 },
      event_streams: { limit: 2, used: 0 },
      batch_ids_per_day: { limit: 3, used: 0 },
      analysis_backlog: { limit: 10_000, used: 0 },
    });
  });

  await t.test('automation rules past the limit get 403; deleting one frees its slot', async () => {
    const alice = await ctx.createTenant('Alice');
    const bob = await ctx.createTenant('Bob');
    const create = (headers: Headers) =>
      app.inject({ method: 'POST', url: '/api/automation-rules', headers, payload: rule });
    const first = await create(alice.headers);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal((await create(alice.headers)).statusCode, 201);
    const refused = assertQuotaError(await create(alice.headers), 403, 'automation_rules');
    assert.deepEqual([refused.limit, refused.used], [2, 2]);
    assert.deepEqual((await quotasOf(alice.headers)).automation_rules, { limit: 2, used: 2 });

    assert.equal((await create(bob.headers)).statusCode, 201, "Alice's rules do not count for Bob");
    assert.deepEqual((await quotasOf(bob.headers)).automation_rules, { limit: 2, used: 1 });

    const id = first.json<{ id: string }>().id;
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/automation-rules/${id}`,
      headers: alice.headers,
    });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.deepEqual((await quotasOf(alice.headers)).automation_rules, { limit: 2, used: 1 });
    assert.equal((await create(alice.headers)).statusCode, 201);
  });

  await t.test('files past the count get 403; a deleted file frees its slot', async () => {
    const alice = await ctx.createTenant('Alice');
    const bob = await ctx.createTenant('Bob');
    const first = await uploadOk(alice.headers, dxf(20));
    await uploadOk(alice.headers, dxf(20));
    await uploadOk(alice.headers, dxf(20));
    assertQuotaError(await upload(alice.headers, dxf(20)), 403, 'files');
    const quotas = await quotasOf(alice.headers);
    assert.deepEqual(quotas.files, { limit: 3, used: 3 });
    assert.deepEqual(quotas.stored_bytes, { limit: 100, used: 60 });
    assert.deepEqual(quotas.uploads_per_day, { limit: 8, used: 3 });

    await uploadOk(bob.headers, dxf(20));
    assert.deepEqual((await quotasOf(bob.headers)).files, { limit: 3, used: 1 });

    await remove(alice.headers, first);
    assert.deepEqual((await quotasOf(alice.headers)).stored_bytes, { limit: 100, used: 40 });
    await uploadOk(alice.headers, dxf(20));
  });

  await t.test('an upload that would pass the stored bytes gets 403; smaller ones still fit', async () => {
    const alice = await ctx.createTenant('Alice');
    const bob = await ctx.createTenant('Bob');
    await uploadOk(alice.headers, dxf(60));
    const refused = assertQuotaError(await upload(alice.headers, dxf(60)), 403, 'stored_bytes');
    assert.deepEqual([refused.limit, refused.used], [100, 60]);
    await uploadOk(alice.headers, dxf(40));
    assert.deepEqual((await quotasOf(alice.headers)).stored_bytes, { limit: 100, used: 100 });
    assertQuotaError(await upload(alice.headers, dxf(20)), 403, 'stored_bytes');
    await uploadOk(bob.headers, dxf(60));
  });

  await t.test('concurrent uploads at the file-count boundary never pass it', async () => {
    const alice = await ctx.createTenant('Alice');
    const answers = await Promise.all(Array.from({ length: 8 }, () => upload(alice.headers, dxf(12))));
    const statuses = answers.map((a) => a.statusCode).sort();
    assert.deepEqual(
      statuses,
      [200, 200, 200, 403, 403, 403, 403, 403],
      answers.map((a) => a.body).join('\n'),
    );
    const list = await app.inject({ url: '/api/files?limit=100', headers: alice.headers });
    assert.equal(list.json<{ items: unknown[] }>().items.length, 3);
    const quotas = await quotasOf(alice.headers);
    assert.deepEqual(quotas.files, { limit: 3, used: 3 });
    assert.deepEqual(quotas.stored_bytes, { limit: 100, used: 36 });
    assert.deepEqual(quotas.uploads_per_day, { limit: 8, used: 3 }, 'refused uploads are not counted');
  });

  await t.test(
    'uploads per UTC day past the limit get 429 until midnight, deletions do not refund',
    async () => {
      const alice = await ctx.createTenant('Alice');
      const bob = await ctx.createTenant('Bob');
      for (let i = 0; i < 8; i++) await remove(alice.headers, await uploadOk(alice.headers, dxf(20)));
      const before = secondsUntilNextUtcDay(new Date());
      const refused = await upload(alice.headers, dxf(20));
      const after = secondsUntilNextUtcDay(new Date());
      assertQuotaError(refused, 429, 'uploads_per_day');
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter <= before && retryAfter >= after, `Retry-After ${retryAfter}`);
      const quotas = await quotasOf(alice.headers);
      assert.deepEqual(quotas.uploads_per_day, { limit: 8, used: 8 });
      assert.deepEqual(quotas.files, { limit: 3, used: 0 });
      await uploadOk(bob.headers, dxf(20));
    },
  );

  await t.test('events per minute past the limit get 429 until the next minute', async () => {
    const alice = await ctx.createTenant('Alice');
    const bob = await ctx.createTenant('Bob');
    const fileId = await uploadOk(alice.headers, dxf(20));
    const custom = (headers: Headers) =>
      app.inject({ method: 'POST', url: '/api/events', headers, payload: { type: 'custom:paid', data: {} } });
    await startOfAMinute();
    assert.equal((await custom(alice.headers)).statusCode, 202);
    const announced = await app.inject({
      method: 'POST',
      url: '/api/events/file-uploaded',
      headers: alice.headers,
      payload: { file_id: fileId },
    });
    assert.equal(announced.statusCode, 202, announced.body);
    assert.deepEqual((await quotasOf(alice.headers)).events_per_minute, { limit: 2, used: 2 });
    const refused = await custom(alice.headers);
    assertQuotaError(refused, 429, 'events_per_minute');
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal((await custom(bob.headers)).statusCode, 202, "Alice's events do not count for Bob");
    assert.deepEqual((await quotasOf(bob.headers)).events_per_minute, { limit: 2, used: 1 });
  });

  await t.test(
    'open event streams past the limit get 429, across processes; a closed one frees its slot',
    async (t) => {
      const second = await startSecondInstance(ctx);
      const base = async (server: FastifyInstance) => {
        await server.listen({ port: 0, host: '127.0.0.1' });
        return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
      };
      const [one, two] = [await base(app), await base(second.app)];
      const open: AbortController[] = [];
      t.after(async () => {
        open.forEach((controller) => controller.abort());
        await second.close();
      });
      const stream = async (url: string, authorization: string) => {
        const controller = new AbortController();
        open.push(controller);
        const response = await fetch(`${url}/api/events/stream`, {
          headers: { authorization },
          signal: controller.signal,
        });
        if (response.status !== 200) await response.text();
        return {
          status: response.status,
          headers: response.headers,
          response,
          close: () => controller.abort(),
        };
      };
      const alice = await ctx.createTenant('Alice');
      const bob = await ctx.createTenant('Bob');
      const first = await stream(one, alice.headers.authorization);
      assert.equal(first.status, 200);
      assert.equal((await stream(two, alice.headers.authorization)).status, 200);
      const refused = await stream(one, alice.headers.authorization);
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.equal(
        (await stream(two, alice.headers.authorization)).status,
        429,
        'the other process counts them too',
      );
      assert.deepEqual((await quotasOf(alice.headers)).event_streams, { limit: 2, used: 2 });
      assert.equal(
        (await stream(one, bob.headers.authorization)).status,
        200,
        "Alice's streams do not count for Bob",
      );

      first.close();
      await eventually(async () =>
        (await quotasOf(alice.headers)).event_streams?.used === 1 ? true : undefined,
      );
      assert.equal((await stream(two, alice.headers.authorization)).status, 200);
    },
  );

  await t.test('batch ids per UTC day past the limit get 429 until midnight', async () => {
    const alice = await ctx.createTenant('Alice');
    const bob = await ctx.createTenant('Bob');
    const batch = (headers: Headers, count: number) =>
      app.inject({
        method: 'POST',
        url: '/api/batch/process-files',
        headers,
        payload: { file_ids: Array.from({ length: count }, () => crypto.randomUUID()), actions: ['analyze'] },
      });
    assert.equal((await batch(alice.headers, 2)).statusCode, 202);
    const before = secondsUntilNextUtcDay(new Date());
    const refused = await batch(alice.headers, 2);
    const after = secondsUntilNextUtcDay(new Date());
    const error = assertQuotaError(refused, 429, 'batch_ids_per_day');
    assert.deepEqual([error.limit, error.used], [3, 2]);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter <= before && retryAfter >= after, `Retry-After ${retryAfter}`);
    assert.equal((await batch(alice.headers, 1)).statusCode, 202, 'the last id still fits');
    assert.deepEqual((await quotasOf(alice.headers)).batch_ids_per_day, { limit: 3, used: 3 });
    assert.equal((await batch(bob.headers, 3)).statusCode, 202);
  });

  await t.test(
    "an operator's limit for one tenant applies in every process at once; null returns it to the default",
    async () => {
      const big = await ctx.createTenant('Big');
      const other = await ctx.createTenant('Other');
      const second = await startSecondInstance(ctx);
      t.after(() => second.close());
      const operator = { authorization: `Bearer ${ADMIN_TOKEN}` };
      const change = (tenantId: string, payload: object, headers: Headers = operator) =>
        app.inject({ method: 'PATCH', url: `/api/admin/tenants/${tenantId}/quotas`, headers, payload });
      await uploadOk(big.headers, dxf(30));
      await uploadOk(big.headers, dxf(30));
      // the second process has cached Big's limits before the change
      assert.equal((await second.app.inject({ url: '/api/me', headers: big.headers })).statusCode, 200);

      assert.equal((await change(big.tenantId, { files: 5 }, big.headers)).statusCode, 401, 'a tenant key');
      assert.equal((await change(big.tenantId, { files: -1 })).statusCode, 400);
      assert.equal((await change(big.tenantId, { disk: 5 })).statusCode, 400, 'an unknown quota');
      assert.equal((await change(big.tenantId, {})).statusCode, 400, 'no change');
      assert.equal((await change(crypto.randomUUID(), { files: 5 })).statusCode, 404);

      const raised = await change(big.tenantId, { files: 5, stored_bytes: 1000, events_per_minute: 1 });
      assert.equal(raised.statusCode, 200, raised.body);
      const body = raised.json<{ quotas: Quotas; own: Record<string, number> }>();
      assert.deepEqual(body.own, { files: 5, stored_bytes: 1000, events_per_minute: 1 });
      assert.deepEqual(body.quotas.files, { limit: 5, used: 2 });
      // the other process answers with the new limits, through the bus
      const raisedThere = await eventually(async () => {
        const me = await second.app.inject({ url: '/api/me', headers: big.headers });
        const quotas = me.json<{ quotas: Quotas }>().quotas;
        return quotas.files?.limit === 5 ? quotas : undefined;
      }, 5_000);
      assert.equal(raisedThere.stored_bytes?.limit, 1000);
      const uploadThere = (content: string) => {
        const upload = multipartFile('plan.dxf', content);
        return second.app.inject({
          method: 'POST',
          url: '/api/files/upload',
          headers: { ...big.headers, ...upload.headers },
          payload: upload.payload,
        });
      };
      for (let i = 0; i < 3; i += 1) assert.equal((await uploadThere(dxf(30))).statusCode, 200);
      const error = assertQuotaError(await uploadThere(dxf(30)), 403, 'files');
      assert.deepEqual([error.limit, error.used], [5, 5]);
      assert.deepEqual(
        (await quotasOf(other.headers)).files,
        { limit: 3, used: 0 },
        'others keep the default',
      );

      const back = await change(big.tenantId, { files: null, stored_bytes: null, events_per_minute: null });
      assert.equal(back.statusCode, 200, back.body);
      assert.deepEqual(back.json<{ own: object }>().own, {});
      assert.equal(back.json<{ quotas: Quotas }>().quotas.files?.limit, 3);
      const get = await app.inject({ url: `/api/admin/tenants/${big.tenantId}/quotas`, headers: operator });
      assert.equal(get.statusCode, 200, get.body);
      assert.equal(get.json<{ quotas: Quotas }>().quotas.stored_bytes?.limit, 100);
    },
  );
});
