import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import {
  createTenant,
  sleep,
  startFaultStack,
  startFileLoad,
  until,
  uploadFiles,
} from './support/fault-stack.ts';
import { summarize, type RequestRecord } from './support/load.ts';
import { recordScenario } from './support/reliability-report.ts';

const HANG_MS = 15_000;

const p95 = (records: RequestRecord[]) => {
  const sorted = records.map((r) => r.ms).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.95)] ?? 0;
};

test("one shard of two down: the other shard's tenants are unaffected", async (t) => {
  const stack = await startFaultStack(t, { shards: 2, lastShardApart: true });
  const control = new pg.Client({ connectionString: stack.postgres.url('cai_control') });
  await control.connect();
  t.after(() => control.end());
  // tenants until each shard holds one (either shard with probability 1/2 each time)
  const byShard = new Map<number, { headers: Record<string, string> }>();
  for (let i = 0; i < 30 && byShard.size < 2; i++) {
    const tenant = await createTenant(stack.baseUrl, `Shard tenant ${i}`);
    const { rows } = await control.query<{ s: number }>('SELECT tenant_shard($1::uuid) AS s', [
      tenant.tenantId,
    ]);
    if (!byShard.has(rows[0]!.s)) byShard.set(rows[0]!.s, tenant);
  }
  const healthy = byShard.get(0)!;
  const affected = byShard.get(1)!;
  const loads = await Promise.all(
    [healthy, affected].map(async ({ headers }) => {
      const { load } = await startFileLoad(stack.baseUrl, headers, {
        files: 5,
        concurrency: 4,
        mix: ['read', 'list', 'upload'],
      });
      return load;
    }),
  );
  await sleep(4000);
  const downFrom = Date.now() - loads[0]!.startedAt;
  stack.apart!.postgres.stop('fast');
  await sleep(6000);
  const downTo = Date.now() - loads[0]!.startedAt;
  await stack.apart!.postgres.start();
  const recoveryMs = await until(async () => {
    const [id] = await uploadFiles(stack.baseUrl, affected.headers, 1).catch(() => []);
    return id !== undefined;
  }, 60_000);
  const [healthyRecords, affectedRecords] = await Promise.all(loads.map((load) => load.stop()));
  const before = healthyRecords!.filter((r) => r.at < downFrom);
  const during = healthyRecords!.filter((r) => r.at >= downFrom && r.at < downTo);
  const summary = summarize(healthyRecords!, 2000);
  const affectedSummary = summarize(affectedRecords!, 2000);
  recordScenario({
    scenario: 'One shard of two down',
    load: `2 tenants × 4 clients, ${summary.rate + affectedSummary.rate} req/s (3 kinds: read, list, upload)`,
    fault: "pg_ctl stop -m fast of shard 1's cluster for 6 s",
    failed: summary.failed,
    slow: summary.slow,
    slowBoundMs: 2000,
    lost: 0,
    recoveryMs,
    notes: `shard 0 tenant: p95 ${p95(before)} ms before, ${p95(during)} ms during; shard 1 tenant: ${affectedSummary.refusedWithRetryAfter} answered 503 + Retry-After, ${affectedSummary.failed - affectedSummary.refusedWithRetryAfter} other failures`,
  });

  assert.ok(during.length > 0);
  assert.deepEqual(
    healthyRecords!.filter((r) => r.status !== 200).slice(0, 5),
    [],
    "the healthy shard's tenant sees no error",
  );
  assert.deepEqual(
    affectedRecords!.filter((r) => r.status !== 200 && !(r.status === 503 && r.retryAfter)).slice(0, 5),
    [],
    "the down shard's tenant gets 503 + Retry-After, nothing else",
  );
  assert.deepEqual(
    [...healthyRecords!, ...affectedRecords!].filter((r) => r.ms > HANG_MS),
    [],
    'no request hangs',
  );
});
