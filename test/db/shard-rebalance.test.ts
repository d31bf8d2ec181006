import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { bucketOf, type BucketMove, type RebalancePlan } from '../../src/db/index.ts';
import { tenantRows } from '../support/tenant-rows.ts';
import { cliEnv, eventually, startTestApp, type TestApp } from '../support/test-app.ts';

const run = promisify(execFile);
const DXF =
  '  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\nA-WALL\n 10\n0\n 20\n0\n 11\n10\n 21\n0\n  0\nENDSEC\n  0\nEOF\n';
/** File rows given to each heavy tenant, so that the bytes per shard differ by far more than one tenant's. */
const HEAVY_FILES = 2000;

/**
 * `construction-ai shard rebalance ARGS… --json` as its own process; its parsed JSON output. Its log (stderr)
 * must report no failure, such as a directory reload still running on pools the command had closed.
 */
async function rebalance<T>(ctx: TestApp, args: string[] = []): Promise<T> {
  const { stdout, stderr } = await run(
    process.execPath,
    ['bin/construction-ai.js', 'shard', 'rebalance', ...args, '--json'],
    {
      env: cliEnv(ctx),
    },
  );
  assert.doesNotMatch(stderr, /failed|destroyed|error/i, `rebalance ${args.join(' ')} logged:\n${stderr}`);
  return JSON.parse(stdout) as T;
}

async function bucketShards(ctx: TestApp): Promise<Map<number, number>> {
  const { rows } = await sql<{
    bucket: number;
    shard_id: number;
  }>`SELECT bucket, shard_id FROM buckets`.execute(ctx.deps.control.db);
  return new Map(rows.map((row) => [row.bucket, row.shard_id]));
}

void test("construction-ai shard rebalance: a dry run changes nothing; the run moves the buckets it proposed, their tenants' rows follow", async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' }, { runWorkers: false });
  t.after(() => ctx.close());
  const { router } = ctx.deps;

  // four heavy tenants on shard 0 (each its own bucket), one light one on shard 1
  const heavy: Array<Awaited<ReturnType<TestApp['createTenant']>>> = [];
  let light: Awaited<ReturnType<TestApp['createTenant']>> | undefined;
  while (heavy.length < 4 || !light) {
    const tenant = await ctx.createTenant('Tenant');
    const shard = router.shardIdFor(tenant.tenantId);
    const taken = heavy.some((h) => bucketOf(h.tenantId) === bucketOf(tenant.tenantId));
    if (shard === 0 && heavy.length < 4 && !taken) heavy.push(tenant);
    else if (shard === 1 && !light) light = tenant;
  }
  assert.ok(light);
  const tenants = [
    ...heavy.map((tenant, i) => ({ label: `heavy tenant ${i}`, tenant })),
    { label: 'light tenant', tenant: light },
  ];
  for (const { tenant } of tenants) await ctx.upload(tenant.headers, 'plan.dxf', DXF);
  for (const [i, tenant] of heavy.entries()) {
    // unequal weights, so the proposal does not depend on how ties are broken
    await sql`INSERT INTO files (tenant_id, created_at, id, filename, format, size_bytes, sha256, blob_key)
      SELECT ${tenant.tenantId}::uuid, date_trunc('month', now()) + n * interval '1 millisecond', gen_random_uuid(),
        'f' || n || '.dxf', 'dxf', 1, md5(n::text), 'b' || n
      FROM generate_series(1, ${HEAVY_FILES * (i + 1)}::int) AS n`.execute(router.shard(0).db);
  }
  const shardDb = (id: number) => router.shard(id).db as Kysely<unknown>;
  const before = new Map<string, { shard: number; rows: Record<string, number> }>();
  for (const { tenant } of tenants) {
    const shard = router.shardIdFor(tenant.tenantId);
    const rows = await tenantRows(shardDb(shard), tenant.tenantId);
    assert.ok(rows.files && rows.files > 0);
    before.set(tenant.tenantId, { shard, rows });
  }
  const bucketsBefore = await bucketShards(ctx);

  const proposed = await rebalance<RebalancePlan>(ctx, ['--dry-run']);
  assert.deepEqual(await bucketShards(ctx), bucketsBefore, 'a dry run moves nothing');
  const dataMoves = proposed.moves.filter((move) => move.bytes > 0);
  assert.ok(dataMoves.length > 0 && dataMoves.length < heavy.length, JSON.stringify(proposed.moves));
  assert.ok(dataMoves.every((move) => move.from === 0 && move.to === 1));
  const gap = (bytes: Record<number, number>) => Math.abs(bytes[0]! - bytes[1]!);
  assert.ok(gap(proposed.bytesPerShardAfter) < gap(proposed.bytesPerShard));

  const done = await rebalance<RebalancePlan & { moved: Array<BucketMove & { tenants: number }> }>(ctx);
  assert.deepEqual(
    done.moves.map(({ bucket, from, to }) => ({ bucket, from, to })),
    proposed.moves.map(({ bucket, from, to }) => ({ bucket, from, to })),
    'it makes the moves the dry run proposed',
  );
  assert.equal(done.moved.length, proposed.moves.length);
  const bucketsAfter = await bucketShards(ctx);
  const movedBuckets = new Map(proposed.moves.map((move) => [move.bucket, move]));
  for (const [bucket, shard] of bucketsAfter)
    assert.equal(shard, movedBuckets.get(bucket)?.to ?? bucketsBefore.get(bucket), `bucket ${bucket}`);

  const placements = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tenant_placement`.execute(
    ctx.deps.control.db,
  );
  assert.equal(placements.rows[0]!.n, 0, 'every moved tenant follows its bucket again, with no override');
  for (const { label, tenant } of tenants) {
    const move = movedBuckets.get(bucketOf(tenant.tenantId));
    const home = move ? move.to : before.get(tenant.tenantId)!.shard;
    await eventually(async () => (router.shardIdFor(tenant.tenantId) === home ? true : undefined));
    assert.deepEqual(
      await tenantRows(shardDb(home), tenant.tenantId),
      before.get(tenant.tenantId)!.rows,
      label,
    );
    if (move) assert.deepEqual(await tenantRows(shardDb(move.from), tenant.tenantId), {}, `${label}: source`);
    const list = await ctx.app.inject({ url: '/api/files?limit=1', headers: tenant.headers });
    assert.equal(list.statusCode, 200, `${label}: the running server reads it where it now is`);
    assert.equal(list.json<{ items: unknown[] }>().items.length, 1);
  }
  t.diagnostic(
    `bytes per shard ${JSON.stringify(proposed.bytesPerShard)} → ${JSON.stringify(proposed.bytesPerShardAfter)}; ` +
      `${dataMoves.length} buckets with data and ${proposed.moves.length - dataMoves.length} empty ones moved`,
  );

  const again = await rebalance<RebalancePlan>(ctx, ['--dry-run']);
  assert.deepEqual(
    again.moves.filter((move) => move.bytes > 0),
    [],
    'once balanced, no bucket with data is proposed again',
  );
});
