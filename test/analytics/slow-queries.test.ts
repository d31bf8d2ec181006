import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { runDbCommand, type SlowQueryReport } from '../../src/analytics/index.ts';
import type { Database } from '../../src/db/index.ts';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.ts';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

void test('slow-query report over pg_stat_statements on the control database and every shard', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const { control } = ctx.deps;
  const shard = ctx.deps.router.shard(1);
  const preload = await sql<{ libraries: string }>`
    SELECT current_setting('shared_preload_libraries') AS libraries`.execute(control.db);
  const preloaded = preload.rows[0]!.libraries.split(',').some(
    (name) => name.trim() === 'pg_stat_statements',
  );
  const report = async (query = '') => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/admin/slow-queries${query}`,
      headers: admin,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<SlowQueryReport>();
  };
  const cli = async (...argv: string[]) => {
    let out = '';
    const databases: Array<[string, Database<unknown>]> = [
      ['control', control as Database<unknown>],
      ...ctx.deps.router
        .all()
        .map(([id, db]): [string, Database<unknown>] => [`shard_${id}`, db as Database<unknown>]),
    ];
    const code = await runDbCommand(argv, databases, (text) => (out += text));
    return { code, out };
  };

  await t.test('operator access only', async () => {
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/admin/slow-queries' });
    assert.equal(anonymous.statusCode, 401);
    const reset = await ctx.app.inject({ method: 'POST', url: '/api/admin/slow-queries/reset' });
    assert.equal(reset.statusCode, 401);
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/admin/slow-queries?limit=0',
      headers: admin,
    });
    assert.equal(bad.statusCode, 400);
  });

  if (!preloaded) {
    await t.test('without the preload, every database says so instead of failing', async () => {
      const { rows, unavailable } = await report();
      assert.deepEqual(rows, []);
      assert.deepEqual(
        unavailable.map((db) => db.shard),
        ['control', 'shard_0', 'shard_1'],
      );
      assert.match(unavailable[0]!.reason, /shared_preload_libraries/);
      const printed = await cli('slow-queries');
      assert.equal(printed.code, 0);
      assert.match(
        printed.out,
        /shard_1: no statement statistics \(pg_stat_statements is not in shared_preload/,
      );
    });
    return;
  }

  await t.test('a slow statement on a shard is reported there, worst mean first', async () => {
    await report(); // creates the extension where it is missing
    for (let i = 0; i < 3; i++) await sql`SELECT pg_sleep(0.06) AS analytics_slow_marker`.execute(shard.db);
    await sql`SELECT pg_sleep(0.03) AS analytics_control_marker`.execute(control.db);
    const { rows, unavailable } = await report('?min_mean_ms=25&limit=50');
    assert.deepEqual(unavailable, []);
    const slow = rows.find((row) => row.query.includes('analytics_slow_marker'));
    assert.ok(slow, JSON.stringify(rows));
    assert.equal(slow.shard, 'shard_1');
    assert.equal(slow.calls, 3);
    assert.equal(slow.rows, 3);
    assert.ok(slow.mean_ms >= 60 && slow.total_ms >= 180);
    const onControl = rows.find((row) => row.query.includes('analytics_control_marker'));
    assert.equal(onControl?.shard, 'control');
    assert.ok(rows.every((row) => row.mean_ms >= 25));
    const means = rows.map((row) => row.mean_ms);
    assert.deepEqual(
      means,
      [...means].sort((a, b) => b - a),
    );
    // another test database's statements never show: each database reports its own
    assert.ok(rows.every((row) => ['control', 'shard_0', 'shard_1'].includes(row.shard)));
    assert.equal((await report('?min_mean_ms=25&limit=1')).rows.length, 1);
  });

  await t.test('the CLI prints the same table', async () => {
    const printed = await cli('slow-queries', '--min-mean-ms', '25');
    assert.equal(printed.code, 0);
    const [header, ...lines] = printed.out.trimEnd().split('\n');
    assert.match(header!, /^shard\s+calls\s+mean_ms\s+total_ms\s+rows\s+query$/);
    assert.ok(
      lines.some((line) => /^shard_1\s+3\s+\d+\.\d\d\s+\d+\.\d\d\s+3\s+SELECT pg_sleep/.test(line)),
      printed.out,
    );
    const json = await cli('slow-queries', '--json', '--limit', '2');
    assert.equal((JSON.parse(json.out) as SlowQueryReport).rows.length, 2);
    assert.equal((await cli('slow-queries', '--limit', 'many')).code, 1);
  });

  await t.test('reset forgets the statistics of every database', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/slow-queries/reset',
      headers: admin,
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<{ reset: string[] }>().reset, ['control', 'shard_0', 'shard_1']);
    const { rows } = await report('?min_mean_ms=25&limit=50');
    assert.ok(!rows.some((row) => row.query.includes('analytics_slow_marker')), JSON.stringify(rows));
  });
});
