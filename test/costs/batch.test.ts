import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { eventually, startTestApp, type TestApp } from '../support/test-app.ts';

const DXF =
  '  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\nA-WALL\n 10\n0\n 20\n0\n 11\n10\n 21\n0\n  0\nENDSEC\n  0\nEOF\n';

interface BatchJson {
  items: Array<{ file_id: string; status: string; actions: string[] }>;
  queued: number;
  not_found: number;
  queued_today: Record<string, number> | null;
}

/** Queries run through the platform's Kysely pools (all databases), from the db_query_duration metric. */
async function queryCount(ctx: TestApp): Promise<number> {
  const metric = await ctx.deps.metrics.dbQueryDuration.get();
  return metric.values
    .filter((value) => value.metricName === 'db_query_duration_seconds_count')
    .reduce((sum, value) => sum + value.value, 0);
}

void test('batch processing queues per id, loads files in one query, isolates tenants', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) ids.push(await ctx.upload(alice.headers, `f${i}.dxf`, DXF));
  const bobsFile = await ctx.upload(bob.headers, 'bob.dxf', DXF);
  const batch = (headers: Record<string, string>, payload: object) =>
    ctx.app.inject({ method: 'POST', url: '/api/batch/process-files', headers, payload });
  const body = (fileIds: string[]) => ({
    file_ids: fileIds,
    actions: ['analyze', 'estimate'],
    location: 'Chicago',
  });

  await t.test(
    'per-id answers: queued, not_found for unknown, malformed and other tenants’ ids',
    async () => {
      const unknown = crypto.randomUUID();
      const response = await batch(alice.headers, body([ids[0]!, bobsFile, unknown, 'not-a-uuid', ids[1]!]));
      assert.equal(response.statusCode, 202, response.body);
      const result = response.json<BatchJson>();
      assert.deepEqual(
        result.items.map((item) => item.status),
        ['queued', 'not_found', 'not_found', 'not_found', 'queued'],
      );
      assert.deepEqual(result.items[0]!.actions, ['analyze', 'estimate']);
      assert.deepEqual([result.queued, result.not_found], [2, 3]);
      assert.deepEqual(result.queued_today, { analyze: 2, estimate: 2 }, 'daily counters (pipelined incr)');
      const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = 'estimate' AND data->>'tenantId' = ${alice.tenantId}`.execute(
        ctx.deps.router.forTenant(alice.tenantId),
      );
      assert.equal(jobs.rows[0]?.n, 2);
    },
  );

  await t.test('the number of database queries does not grow with the number of ids (no N+1)', async () => {
    await batch(alice.headers, body([ids[2]!])); // warm the key and cost-data caches
    let before = await queryCount(ctx);
    assert.equal((await batch(alice.headers, body([ids[3]!]))).statusCode, 202);
    const one = (await queryCount(ctx)) - before;
    before = await queryCount(ctx);
    const many = await batch(alice.headers, body(ids.slice(4)));
    assert.equal(many.json<BatchJson>().queued, 36);
    const thirtySix = (await queryCount(ctx)) - before;
    assert.equal(thirtySix, one);
    assert.ok(one <= 2, `${one} queries for one id`);
  });

  await t.test('bad batch requests are 4xx', async () => {
    const cases: Array<[object, number]> = [
      [{ file_ids: [] }, 400],
      [{ file_ids: Array.from({ length: 501 }, () => crypto.randomUUID()) }, 400],
      [{ file_ids: [ids[0]], actions: ['estimate'] }, 422],
      [{ file_ids: [ids[0]], actions: ['estimate'], location: 'Atlantis' }, 422],
      [{ file_ids: [ids[0]], actions: ['delete'] }, 400],
    ];
    for (const [payload, status] of cases) {
      const response = await batch(alice.headers, payload);
      assert.equal(response.statusCode, status, response.body);
    }
    const max = await batch(bob.headers, {
      file_ids: Array.from({ length: 500 }, () => crypto.randomUUID()),
    });
    assert.equal(max.json<BatchJson>().not_found, 500);
  });

  await t.test('estimating a file whose analysis has not completed is 409 and stores nothing', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/cost-estimates',
      headers: alice.headers,
      payload: { file_id: ids[0], location: 'Chicago' },
    });
    assert.equal(response.statusCode, 409, response.body);
    assert.equal(response.json<{ code: string }>().code, 'ANALYSIS_NOT_COMPLETED');
    const other = await ctx.app.inject({
      method: 'POST',
      url: '/api/cost-estimates',
      headers: bob.headers,
      payload: { file_id: ids[0], location: 'Chicago' },
    });
    assert.equal(other.statusCode, 404);
    const list = await ctx.app.inject({ url: '/api/cost-estimates', headers: alice.headers });
    assert.equal(list.json<{ items: unknown[] }>().items.length, 0);
  });
});

void test('batch analyze + estimate runs end to end through the workers', async (t) => {
  const ctx = await startTestApp({}, { runWorkers: true });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const fileId = await ctx.upload(alice.headers, 'room.dxf', buildRoomDxf({ unit: 'mm' }));
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/batch/process-files',
    headers: alice.headers,
    payload: { file_ids: [fileId], actions: ['analyze', 'estimate'], location: 'Seattle' },
  });
  assert.equal(response.statusCode, 202, response.body);
  const listed = await eventually(async () => {
    const list = await ctx.app.inject({ url: '/api/cost-estimates', headers: alice.headers });
    const items = list.json<{ items: Array<{ id: string; file_id: string | null; location: string }> }>()
      .items;
    return items.find((item) => item.file_id === fileId);
  }, 60_000);
  assert.equal(listed.location, 'seattle-wa');
  const estimate = (
    await ctx.app.inject({ url: `/api/cost-estimates/${listed.id}`, headers: alice.headers })
  ).json<{ total: number; lines: Array<{ source_ref: string; material: string }> }>();
  assert.ok(estimate.total > 0);
  // Every line names the takeoff lines it was priced from.
  assert.ok(estimate.lines.length > 0);
  const analysis = await ctx.app.inject({ url: `/api/files/${fileId}/analysis`, headers: alice.headers });
  const takeoffIds = new Set(
    analysis.json<{ result: { takeoff: Array<{ id: string }> } }>().result.takeoff.map((line) => line.id),
  );
  for (const line of estimate.lines) {
    for (const ref of line.source_ref.split(' + '))
      assert.ok(takeoffIds.has(ref), `${line.material}: ${ref}`);
  }
  // The upload queued its own analysis too: the batch's re-run may still be processing, answering 409.
  const direct = await eventually(async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/cost-estimates',
      headers: alice.headers,
      payload: { file_id: fileId, location: 'Seattle' },
    });
    return created.statusCode === 409 ? undefined : created;
  }, 60_000);
  assert.equal(direct.statusCode, 201, direct.body);
  assert.equal(direct.json<{ total: number }>().total, estimate.total);
});
