// Online tenant move: a tenant with 10,000 files (and their analyses) and 10,000 estimates moves to a shard on
// another PostgreSQL server while a writer keeps updating its files; prints the move and fence durations.
// Source databases on TEST_DATABASE_URL (default: the machine's PG 15); the target on another server (an
// initdb cluster started here when TEST_DATABASE_URL is 5432).
//   node --import tsx bench/tenant-move.bench.ts [--files 10000] [--estimates 10000] [--writes-per-second 50]
//     [--page-rows 500] [--rest-factor 3]   (the move's pace; --rest-factor 0 copies flat out)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/deps.ts';
import { ensureMonthPartition, registerShard, TenantMover } from '../src/db/index.ts';
import { moveWaitingJobs } from '../src/jobs/index.ts';
import { TenantService, TenantRepository } from '../src/tenants/index.ts';
import { createTestDatabases } from '../test/support/databases.ts';
import { createDatabaseOnOtherServer } from '../test/support/other-postgres.ts';
import { insertSyntheticEstimates } from '../test/costs/synthetic-estimates.ts';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    estimates: { type: 'string', default: '10000' },
    'writes-per-second': { type: 'string', default: '50' },
    'page-rows': { type: 'string' },
    'rest-factor': { type: 'string' },
  },
});
const FILES = Number(values.files);
const ESTIMATES = Number(values.estimates);
const WRITE_EVERY_MS = 1000 / Number(values['writes-per-second']);

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const databases = await createTestDatabases(2);
const other = await createDatabaseOnOtherServer();
const dataDir = mkdtempSync(join(tmpdir(), 'cai-bench-move-'));
const config = loadConfig({
  DATABASE_URL: databases.urls[0],
  SHARD_DATABASE_URLS: databases.urls[1],
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
});
const deps = await buildDeps(config, { runWorkers: false, log: () => undefined });
try {
  const tenants = new TenantService(new TenantRepository(deps.control.db));
  const { tenant } = await tenants.createTenant('Big');
  const source = deps.router.forTenant(tenant.id);
  const loadStarted = Date.now();
  // files spread over the last 12 months (12 month partitions), each with a completed analysis
  const now = new Date();
  for (let m = 0; m < 13; m++)
    await ensureMonthPartition(source, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m, 1)));
  await sql`INSERT INTO files (tenant_id, created_at, id, filename, format, size_bytes, sha256, blob_key, status)
    SELECT ${tenant.id}::uuid, now() - (i % 12) * interval '1 month' - i * interval '1 second',
      gen_random_uuid(), 'plan-' || i || '.dxf', 'dxf', 20000 + i, md5(i::text), 'blob/' || i, 'analyzed'
    FROM generate_series(1, ${FILES}) AS i`.execute(source);
  await sql`INSERT INTO file_analyses (tenant_id, file_id, file_created_at, status, result, completed_at)
    SELECT tenant_id, id, created_at, 'completed', jsonb_build_object('walls', 12, 'area_m2', 140.5), now()
    FROM files WHERE tenant_id = ${tenant.id}`.execute(source);
  await insertSyntheticEstimates(source, tenant.id, ESTIMATES);
  // the figures are for the sizes asked for: what was loaded is counted, not assumed
  const loaded = await sql<{ files: number; analyses: number; estimates: number }>`SELECT
    (SELECT count(*)::int FROM files WHERE tenant_id = ${tenant.id}) AS files,
    (SELECT count(*)::int FROM file_analyses WHERE tenant_id = ${tenant.id}) AS analyses,
    (SELECT count(*)::int FROM cost_estimates WHERE tenant_id = ${tenant.id}) AS estimates`.execute(source);
  const { files, analyses, estimates } = loaded.rows[0]!;
  if (files !== FILES || analyses !== FILES || estimates !== ESTIMATES)
    throw new Error(
      `loaded ${files} files, ${analyses} analyses, ${estimates} estimates; asked for ${FILES}, ${ESTIMATES}`,
    );
  console.log(
    `loaded ${files} files + ${analyses} analyses and ${estimates} estimates in ${Date.now() - loadStarted} ms`,
  );

  const targetId = await registerShard(deps.control.db, other.url);
  for (let i = 0; i < 200 && !deps.router.all().some(([id]) => id === targetId); i++)
    await new Promise((r) => setTimeout(r, 50));

  // a steady writer of the tenant during the move (refused writes are retried, as a client would)
  const fileIds = (
    await sql<{ id: string }>`SELECT id::text FROM files WHERE tenant_id = ${tenant.id} LIMIT 500`.execute(
      source,
    )
  ).rows.map((r) => r.id);
  let writing = true;
  let writes = 0;
  let refused = 0;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      try {
        await sql`UPDATE files SET notes = ${`note ${i}`}, updated_at = now()
          WHERE tenant_id = ${tenant.id} AND id = ${fileIds[i % fileIds.length]}`.execute(
          deps.router.forTenant(tenant.id),
        );
        writes++;
      } catch (error) {
        if ((error as { code?: string }).code !== 'CAM01') throw error;
        refused++;
      }
      await new Promise((r) => setTimeout(r, WRITE_EVERY_MS));
    }
  })();

  // a neighbour on the source shard: a read and a write of its own, back to back, before and during the move
  const { tenant: neighbour } = await tenants.createTenant('Neighbour');
  const neighbourShard = deps.router.shardIdFor(neighbour.id);
  const neighbourDb = deps.router.forTenant(neighbour.id);
  await sql`INSERT INTO layer_mappings (tenant_id, pattern, element_class, position)
    VALUES (${neighbour.id}, 'N-*', 'wall', 0)`.execute(neighbourDb);
  const neighbourOp = async () => {
    const started = performance.now();
    await sql`SELECT * FROM files WHERE tenant_id = ${neighbour.id} ORDER BY created_at DESC LIMIT 50`.execute(
      neighbourDb,
    );
    await sql`UPDATE layer_mappings SET updated_at = now() WHERE tenant_id = ${neighbour.id}`.execute(
      neighbourDb,
    );
    return performance.now() - started;
  };
  const sample = async (until: () => boolean) => {
    const ms: number[] = [];
    while (!until()) {
      ms.push(await neighbourOp());
      await new Promise((r) => setTimeout(r, 10));
    }
    return ms.sort((a, b) => a - b);
  };
  const baselineEnds = Date.now() + 3000;
  const baseline = await sample(() => Date.now() > baselineEnds);
  let moving = true;
  const during = sample(() => !moving);

  const moveStarted = performance.now();
  const mover = new TenantMover({
    control: deps.control.db,
    router: deps.router,
    moveJobs: moveWaitingJobs,
    graceMs: 0,
    log: (line) => console.log(`  +${((performance.now() - moveStarted) / 1000).toFixed(1)} s ${line}`),
    pace: {
      ...(values['page-rows'] && { pageRows: Number(values['page-rows']) }),
      ...(values['rest-factor'] && { restFactor: Number(values['rest-factor']) }),
    },
  });
  const result = await mover.move(tenant.id, targetId);
  writing = false;
  moving = false;
  await writer;
  const p95 = (ms: number[]) => ms[Math.floor(ms.length * 0.95)] ?? NaN;
  const duringMs = await during;
  console.log(
    `neighbour on shard ${neighbourShard} (read + write): p95 ${p95(baseline).toFixed(1)} ms before, ` +
      `${p95(duringMs).toFixed(1)} ms during the move (×${(p95(duringMs) / p95(baseline)).toFixed(2)}; ` +
      `n=${baseline.length}/${duringMs.length})`,
  );
  console.log(
    `move: ${result.durationMs} ms in all, fence ${result.fenceMs} ms; ${result.rowsCopied} rows copied, ` +
      `${result.changesApplied} changes caught up; writer: ${writes} writes, ${refused} refused (503) during the fence`,
  );
  for (const table of result.tables) console.log(`  ${table.table.padEnd(20)} ${table.rows} rows verified`);
} finally {
  await deps.close();
  await databases.drop();
  await other.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
