// Database side of the cost domain: similar-estimate search (cube GiST KNN) with 100,000 estimates of one
// tenant, its EXPLAIN ANALYZE plan, and the estimate creation rate through the service (price + store +
// emit cost_estimated). Creates and drops its own databases on TEST_DATABASE_URL (default: local PG 15).
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/costs-db.bench.ts \
//     [--estimates 100000] [--queries 200] [--creates 2000] [--concurrency 8]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/deps.ts';
import { SIMILARITY_BASIS, toVector } from '../src/costs/index.ts';
import { createTestDatabases } from '../test/support/databases.ts';
import { insertSyntheticEstimates, SYNTHETIC_LOCATIONS } from '../test/costs/synthetic-estimates.ts';

const { values } = parseArgs({
  options: {
    estimates: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    creates: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const ESTIMATES = Number(values.estimates);
const QUERIES = Number(values.queries);
const CREATES = Number(values.creates);
const CONCURRENCY = Number(values.concurrency);

/** A random material map drawn like the synthetic rows: each basis material w.p. 0.35, log-uniform quantity. */
function randomMaterials(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of SIMILARITY_BASIS)
    if (Math.random() < 0.35) out[key] = Math.round(Math.exp(Math.random() * 9));
  if (Object.keys(out).length === 0) out.concrete = 10;
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function report(label: string, ms: number[]): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const fmt = (v: number) => v.toFixed(2).padStart(7);
  console.log(
    `${label.padEnd(44)} n=${sorted.length}  p50 ${fmt(percentile(sorted, 50))} ms  p95 ${fmt(percentile(sorted, 95))} ms  p99 ${fmt(percentile(sorted, 99))} ms  max ${fmt(sorted[sorted.length - 1] ?? NaN)} ms`,
  );
}

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const databases = await createTestDatabases(3);
const dataDir = mkdtempSync(join(tmpdir(), 'cai-bench-costs-'));
const config = loadConfig({
  DATABASE_URL: databases.urls[0],
  SHARD_DATABASE_URLS: databases.urls.slice(1).join(','),
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
});
const deps = await buildDeps(config, { runWorkers: false, log: () => undefined });
try {
  const version = await sql<{ v: string }>`SELECT version() AS v`.execute(deps.control.db);
  console.log(`PostgreSQL: ${version.rows[0]?.v.split(',')[0]}`);
  const { tenant } = await deps.tenants.createTenant('Bench');
  const shard = deps.router.forTenant(tenant.id);
  const { estimates, estimateRepository } = deps.costs;

  let started = performance.now();
  const inserted = await insertSyntheticEstimates(shard, tenant.id, ESTIMATES);
  const insertMs = performance.now() - started;
  const size = await sql<{ table: string; indexes: string }>`
    SELECT pg_size_pretty(pg_table_size('cost_estimates')) AS table,
           pg_size_pretty(pg_indexes_size('cost_estimates')) AS indexes`.execute(shard);
  console.log(
    `bulk insert: ${inserted} estimates in ${(insertMs / 1000).toFixed(1)} s (INSERT … SELECT generate_series + GiST build, ANALYZE); table ${size.rows[0]?.table}, indexes ${size.rows[0]?.indexes}`,
  );

  const queries = Array.from({ length: QUERIES }, () => ({
    materials: randomMaterials(),
    location: SYNTHETIC_LOCATIONS[Math.floor(Math.random() * SYNTHETIC_LOCATIONS.length)]!,
  }));
  for (const q of queries.slice(0, 20)) await estimates.searchSimilar(tenant.id, { ...q, limit: 10 }); // warm-up
  const knn: number[] = [];
  const service: number[] = [];
  for (const q of queries) {
    const vector = toVector(q.materials)!;
    started = performance.now();
    await estimateRepository.nearest(tenant.id, vector, 10);
    knn.push(performance.now() - started);
    started = performance.now();
    const hits = await estimates.searchSimilar(tenant.id, { ...q, limit: 10 });
    service.push(performance.now() - started);
    if (hits.length !== 10) throw new Error(`expected 10 hits, got ${hits.length}`);
  }
  console.log(`\nsimilar search over ${inserted} estimates of one tenant, limit 10:`);
  report('one KNN query (repository.nearest)', knn);
  report('searchSimilar (2 KNN queries + rank)', service);

  const sample = toVector(queries[0]!.materials)!;
  console.log('\nEXPLAIN ANALYZE, nearest overall:');
  console.log(await estimateRepository.explainNearest(tenant.id, sample, 10, { analyze: true }));
  console.log('\nEXPLAIN ANALYZE, nearest in the same location:');
  console.log(
    await estimateRepository.explainNearest(tenant.id, sample, 10, {
      analyze: true,
      locationKey: 'chicago-il',
    }),
  );

  const cube = `(${sample.join(',')})`;
  const bruteForce = await shard.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_indexscan = off`.execute(trx);
    await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
    started = performance.now();
    await sql`SELECT id FROM cost_estimates WHERE tenant_id = ${tenant.id}
      ORDER BY vec <-> ${cube}::cube LIMIT 10`.execute(trx);
    return performance.now() - started;
  });
  console.log(
    `\nfor scale: the same query without the index (seq scan + top-N sort): ${bruteForce.toFixed(1)} ms`,
  );

  const createOne = () => estimates.create(tenant.id, { materials: randomMaterials(), location: 'Chicago' });
  for (let i = 0; i < 50; i++) await createOne(); // warm-up
  started = performance.now();
  for (let i = 0; i < CREATES / 4; i++) await createOne();
  const sequential = (CREATES / 4 / (performance.now() - started)) * 1000;
  started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < CREATES) await createOne();
    }),
  );
  const concurrent = (CREATES / (performance.now() - started)) * 1000;
  console.log(
    `\nestimate creation through EstimateService.create (price, store with vector, emit cost_estimated):\n` +
      `  sequential: ${sequential.toFixed(0)} estimates/s   concurrency ${CONCURRENCY}: ${concurrent.toFixed(0)} estimates/s`,
  );
} finally {
  await deps.close();
  await databases.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
