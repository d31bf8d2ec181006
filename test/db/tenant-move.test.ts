import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import {
  bucketOf,
  ensureTableMonthPartition,
  listShards,
  listTenantTables,
  moveBucket,
  proposeRebalance,
  TenantMover,
} from '../../src/db/index.ts';
import { moveWaitingJobs } from '../../src/jobs/index.ts';
import { buildDeps } from '../../src/deps.ts';
import { tenantRows } from '../support/tenant-rows.ts';
import { cliEnv, eventually, multipartFile, startTestApp, type TestApp } from '../support/test-app.ts';
import { createDatabaseOnOtherServer } from '../support/other-postgres.ts';

const run = promisify(execFile);
const DXF =
  '  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\nA-WALL\n 10\n0\n 20\n0\n 11\n10\n 21\n0\n  0\nENDSEC\n  0\nEOF\n';

/** Runs the CLI as its own process against the test app's databases; returns its JSON output. */
async function cli<T>(ctx: TestApp, args: string[]): Promise<T> {
  const { stdout } = await run('node', ['bin/construction-ai.js', ...args, '--json'], { env: cliEnv(ctx) });
  return JSON.parse(stdout) as T;
}

/** Uploads until stopped, one every `everyMs`, retrying a 503 after its Retry-After; ids answered 200. */
function steadyUploads(ctx: TestApp, headers: Record<string, string>, everyMs: number) {
  const ids: string[] = [];
  const statuses: number[] = [];
  const latencies: number[] = [];
  let stopped = false;
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      const body = multipartFile(`f${i}.dxf`, DXF);
      for (;;) {
        const started = performance.now();
        const response = await ctx.app.inject({
          method: 'POST',
          url: '/api/files/upload',
          headers: { ...headers, ...body.headers },
          payload: body.payload,
        });
        latencies.push(performance.now() - started);
        statuses.push(response.statusCode);
        if (response.statusCode === 200) {
          ids.push(response.json<{ file_id: string }>().file_id);
          break;
        }
        assert.equal(response.statusCode, 503, response.body);
        assert.equal(response.json<{ code: string }>().code, 'TENANT_MOVING');
        await new Promise((r) => setTimeout(r, Number(response.headers['retry-after']) * 100));
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { ids, statuses, latencies, stop: () => ((stopped = true), done) };
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? 0;

test('a tenant moves to a shard on another PostgreSQL server while it keeps uploading', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' }, { runWorkers: false });
  t.after(() => ctx.close());
  const other = await createDatabaseOnOtherServer();
  t.after(() => other.drop());
  const router = ctx.deps.router;

  // two tenants on one shard: the one that moves and a neighbour that stays
  const mover = await ctx.createTenant('Mover');
  let neighbour = await ctx.createTenant('Neighbour');
  while (router.shardIdFor(neighbour.tenantId) !== router.shardIdFor(mover.tenantId))
    neighbour = await ctx.createTenant('Neighbour');
  const from = router.shardIdFor(mover.tenantId);
  const before = [];
  for (let i = 0; i < 5; i++) before.push(await ctx.upload(mover.headers, `before${i}.dxf`, DXF));
  const rule = await ctx.app.inject({
    method: 'PUT',
    url: '/api/layer-mappings',
    headers: mover.headers,
    payload: { mappings: [{ pattern: 'X-*', element_class: 'wall' }] },
  });
  assert.equal(rule.statusCode, 200, rule.body);

  // registered by another process; this one opens it within seconds, over NOTIFY
  const added = await cli<{ id: number }>(ctx, ['shard', 'add', other.url]);
  await eventually(async () => (router.all().some(([id]) => id === added.id) ? true : undefined));
  const listed = (await listShards(ctx.deps.control.db)).find((shard) => shard.id === added.id);
  assert.equal(listed?.buckets, 0, 'a new shard owns no bucket until something moves there');
  assert.ok(listed.url && !listed.url.includes(new URL(other.url).password || '\0'), 'no password shown');
  const target = router.shard(added.id).db as Kysely<unknown>;
  const source = router.shard(from).db as Kysely<unknown>;

  const moving = steadyUploads(ctx, mover.headers, 40);
  const staying = steadyUploads(ctx, neighbour.headers, 40);
  await eventually(async () => (moving.ids.length >= 5 ? true : undefined));
  const result = await cli<{
    from: number;
    to: number;
    fenceMs: number;
    durationMs: number;
    jobsMoved: number;
  }>(ctx, ['tenant', 'move', mover.tenantId, '--to', String(added.id), '--grace-ms', '500']);
  await eventually(async () => (router.shardIdFor(mover.tenantId) === added.id ? true : undefined));
  const afterMove = moving.ids.length;
  await eventually(async () => (moving.ids.length >= afterMove + 5 ? true : undefined));
  await Promise.all([moving.stop(), staying.stop()]);
  t.diagnostic(
    `move ${result.durationMs} ms, fence ${result.fenceMs} ms, ${moving.ids.length} uploads during the test, ` +
      `${moving.statuses.filter((s) => s === 503).length} answered 503; neighbour p95 ${p95(staying.latencies).toFixed(1)} ms`,
  );

  assert.deepEqual([result.from, result.to], [from, added.id]);
  assert.ok(
    staying.statuses.every((status) => status === 200),
    'the neighbour was always served',
  );
  const uploaded = [...before, ...moving.ids];
  for (const id of uploaded) {
    const read = await ctx.app.inject({ method: 'GET', url: `/api/files/${id}`, headers: mover.headers });
    assert.equal(read.statusCode, 200, `file ${id} answered 200 at upload is readable`);
  }
  for (const id of staying.ids.slice(-3)) {
    const read = await ctx.app.inject({ method: 'GET', url: `/api/files/${id}`, headers: neighbour.headers });
    assert.equal(read.statusCode, 200);
  }
  assert.deepEqual(
    await tenantRows(source, mover.tenantId),
    {},
    'nothing of the tenant is left on the source',
  );
  const onTarget = await tenantRows(target, mover.tenantId);
  assert.equal(onTarget.files, uploaded.length);
  assert.equal(onTarget.file_analyses, uploaded.length);
  assert.equal(onTarget.layer_mappings, 1);
  const neighbourFiles = await sql<{ n: number }>`SELECT count(*)::int AS n FROM files
    WHERE tenant_id = ${neighbour.tenantId}`.execute(source);
  assert.equal(neighbourFiles.rows[0]!.n, staying.ids.length);

  // its waiting analysis jobs moved with it, and a worker runs them against the target
  const queued = (db: Kysely<unknown>) =>
    sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'analyze_file'
      AND data ->> 'tenantId' = ${mover.tenantId} AND state IN ('created', 'retry')`.execute(db);
  assert.equal((await queued(source)).rows[0]!.n, 0);
  assert.equal((await queued(target)).rows[0]!.n, uploaded.length);
  const worker = await buildDeps(ctx.config, { runWorkers: true, log: () => undefined });
  t.after(() => worker.close());
  await eventually(async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM file_analyses
      WHERE tenant_id = ${mover.tenantId} AND status IN ('completed', 'failed')`.execute(target);
    return rows[0]!.n === uploaded.length ? true : undefined;
  }, 60_000);
});

test('a failed move leaves the tenant on its shard and serving; the next one completes, a bucket moves, and a killed move resumes', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' }, { runWorkers: false });
  t.after(() => ctx.close());
  const { router, control } = ctx.deps;
  const tenant = await ctx.createTenant('Unlucky');
  const first = await ctx.upload(tenant.headers, 'a.dxf', DXF);
  const from = router.shardIdFor(tenant.tenantId);
  const to = from === 0 ? 1 : 0;
  const options = { control: control.db, router, graceMs: 0 };
  const failing = new TenantMover({
    ...options,
    moveJobs: () => Promise.reject(new Error('queue unreachable')),
  });
  await assert.rejects(failing.move(tenant.tenantId, to), /queue unreachable/);
  assert.equal(router.shardIdFor(tenant.tenantId), from);
  const second = await ctx.upload(tenant.headers, 'b.dxf', DXF);
  const source = router.shard(from).db as Kysely<unknown>;
  assert.equal((await tenantRows(source, tenant.tenantId)).files, 2, 'its writes still land on the source');
  const capture = await sql<{ n: number }>`SELECT count(*)::int AS n FROM shard_move_tenants
    WHERE tenant_id = ${tenant.tenantId}`.execute(source);
  assert.equal(capture.rows[0]!.n, 0, 'its changes are no longer logged');

  const result = await new TenantMover({ ...options, moveJobs: moveWaitingJobs }).move(tenant.tenantId, to);
  assert.deepEqual([result.from, result.to, result.resumed], [from, to, false]);
  await eventually(async () => (router.shardIdFor(tenant.tenantId) === to ? true : undefined));
  for (const id of [first, second]) {
    const read = await ctx.app.inject({ method: 'GET', url: `/api/files/${id}`, headers: tenant.headers });
    assert.equal(read.statusCode, 200);
  }
  assert.deepEqual(await tenantRows(source, tenant.tenantId), {});
  // a stale writer on the old shard is refused (the tombstone), not silently stranded there
  await assert.rejects(
    sql`INSERT INTO layer_mappings (tenant_id, pattern, element_class, position)
      VALUES (${tenant.tenantId}, 'Z', 'wall', 0)`.execute(source),
    (error: { code?: string }) => error.code === 'CAM01',
  );

  // a bucket moves with its tenants: the directory points it at the other shard, the tenant has no override
  const follower = await ctx.createTenant('Follower');
  const followerFile = await ctx.upload(follower.headers, 'c.dxf', DXF);
  const home = router.shardIdFor(follower.tenantId);
  const away = home === 0 ? 1 : 0;
  const plan = await proposeRebalance(control.db, router);
  assert.ok(Object.keys(plan.bytesPerShard).length >= 2);
  const bucketMover = new TenantMover({ ...options, moveJobs: moveWaitingJobs });
  const moved = await moveBucket(control.db, bucketMover, {
    bucket: bucketOf(follower.tenantId),
    from: home,
    to: away,
    bytes: 0,
  });
  assert.ok(moved.some((m) => m.tenantId === follower.tenantId));
  const placement = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tenant_placement
    WHERE tenant_id = ${follower.tenantId}`.execute(control.db);
  assert.equal(placement.rows[0]!.n, 0, 'it follows its bucket again');
  await eventually(async () => (router.shardIdFor(follower.tenantId) === away ? true : undefined));
  const read = await ctx.app.inject({
    method: 'GET',
    url: `/api/files/${followerFile}`,
    headers: follower.headers,
  });
  assert.equal(read.statusCode, 200);

  // a move killed while it copies resumes where it stopped when run again
  const big = await ctx.createTenant('Big');
  const bigFrom = router.shardIdFor(big.tenantId);
  await sql`INSERT INTO files (tenant_id, created_at, id, filename, format, size_bytes, sha256, blob_key)
    SELECT ${big.tenantId}::uuid, date_trunc('month', now()) + i * interval '1 millisecond', gen_random_uuid(),
      'f' || i || '.dxf', 'dxf', 1, md5(i::text), 'b' || i FROM generate_series(1, 10000) AS i`.execute(
    router.shard(bigFrom).db,
  );
  const bigTo = bigFrom === 0 ? 1 : 0;
  const child = spawn(
    'node',
    ['bin/construction-ai.js', 'tenant', 'move', big.tenantId, '--to', String(bigTo)],
    {
      env: cliEnv(ctx),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes('copying to shard')) child.kill('SIGKILL');
  });
  assert.equal(await exited, 'SIGKILL', `the mover was killed mid-copy, not ended by itself: ${stderr}`);
  assert.equal(router.shardIdFor(big.tenantId), bigFrom, 'killed mid-copy, it is still on its shard');
  // The dead mover's lock goes when its server backend has seen the socket close, which is not at once on a busy
  // machine: the resumed move waits a few seconds for it, and the test waits for it to go so it never races that.
  await eventually(async () => {
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'
      AND classid::bigint = (hashtext('construction-ai:tenant-mover')::bigint & 4294967295)
      AND objid::bigint = (hashtext(${big.tenantId})::bigint & 4294967295) AND objsubid = 2`.execute(
      control.db,
    );
    return rows[0]!.n === 0 ? true : undefined;
  });
  const resumed = await new TenantMover({ ...options, moveJobs: moveWaitingJobs }).move(big.tenantId, bigTo);
  assert.equal(resumed.resumed, true);
  const bigRows = await tenantRows(router.shard(bigTo).db as Kysely<unknown>, big.tenantId);
  assert.equal(bigRows.files, 10000);
});

test('a tenant with rows in an old month of every monthly table moves: the target gets those month partitions first', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' }, { runWorkers: false });
  t.after(() => ctx.close());
  const { router, control } = ctx.deps;
  const tenant = await ctx.createTenant('Archive');
  const from = router.shardIdFor(tenant.tenantId);
  const to = from === 0 ? 1 : 0;
  const source = router.shard(from).db;
  const target = router.shard(to).db as Kysely<unknown>;
  const old = new Date(Date.UTC(new Date().getUTCFullYear() - 2, 4, 17, 12));
  const monthly = (await listTenantTables(source as Kysely<unknown>)).filter((table) => table.partitionKey);
  assert.deepEqual(
    monthly.map((table) => table.name),
    ['automation_runs', 'files', 'notifications'],
    'the monthly tables this test fills',
  );
  for (const table of monthly) await ensureTableMonthPartition(source, table.name, old);
  await sql`INSERT INTO files (tenant_id, created_at, id, filename, format, size_bytes, sha256, blob_key)
    VALUES (${tenant.tenantId}, ${old}, gen_random_uuid(), 'old.dxf', 'dxf', 1, md5('old'), 'b-old')`.execute(
    source,
  );
  await sql`INSERT INTO automation_runs (tenant_id, id, rule_id, event_id, event_type, event, matched, status,
      causation, created_at)
    VALUES (${tenant.tenantId}, gen_random_uuid(), gen_random_uuid(), 'e-old', 'file.analyzed', '{}', true,
      'succeeded', '{}', ${old})`.execute(source);
  await sql`INSERT INTO notifications (tenant_id, id, source_key, title, message, created_at)
    VALUES (${tenant.tenantId}, gen_random_uuid(), 'old', 'Old', 'from an old month', ${old})`.execute(
    source,
  );
  const partitionOf = (table: string) =>
    sql<{ name: string | null }>`SELECT to_regclass(${`${table}_y${old.getUTCFullYear()}m05`})::text AS name`;
  for (const table of monthly)
    assert.equal(
      (await partitionOf(table.name).execute(target)).rows[0]?.name,
      null,
      `${table.name}: no old month yet`,
    );

  const result = await new TenantMover({
    control: control.db,
    router,
    moveJobs: moveWaitingJobs,
    graceMs: 0,
  }).move(tenant.tenantId, to);
  assert.equal(result.to, to);
  const moved = await tenantRows(target, tenant.tenantId);
  for (const table of monthly) {
    assert.equal(moved[table.name], 1, `${table.name}: the old month's row is on the target`);
    assert.notEqual((await partitionOf(table.name).execute(target)).rows[0]?.name, null);
  }
  assert.deepEqual(await tenantRows(source as Kysely<unknown>, tenant.tenantId), {});
});
