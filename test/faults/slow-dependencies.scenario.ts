import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { createTenant, sleep, startFaultStack, startFileLoad } from './support/fault-stack.ts';
import { lostUploads, summarize, type RequestRecord } from './support/load.ts';
import { recordScenario } from './support/reliability-report.ts';

/** Each direction gets half: 200 ms more per round trip. */
const ADDED_ROUND_TRIP_MS = 200;
const POOL_MAX = 10;

/** Highest `db_pool_connections` of `state` over the pools, from the server's /metrics. */
async function poolConnections(baseUrl: string, state: 'total' | 'waiting'): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const text = await response.text();
  const values = [
    ...text.matchAll(new RegExp(`^db_pool_connections\\{[^}]*state="${state}"[^}]*\\} (\\d+)`, 'gm')),
  ];
  return Math.max(0, ...values.map((match) => Number(match[1])));
}

const median = (records: RequestRecord[]) => {
  const sorted = records.map((r) => r.ms).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

test('200 ms added to every PostgreSQL and then every Redis round trip: no errors, no pile-up past the pools', async (t) => {
  const stack = await startFaultStack(t, { redis: true });
  const { headers } = await createTenant(stack.baseUrl);
  const { load } = await startFileLoad(stack.baseUrl, headers, {
    files: 10,
    concurrency: 6,
    mix: ['read', 'list', 'upload', 'read'],
  });
  let maxTotal = 0;
  let maxWaiting = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      maxTotal = Math.max(maxTotal, await poolConnections(stack.baseUrl, 'total'));
      maxWaiting = Math.max(maxWaiting, await poolConnections(stack.baseUrl, 'waiting'));
      await sleep(250);
    }
  })();
  const phases: Record<string, [number, number]> = {};
  const phase = async (name: string, ms: number) => {
    const from = Date.now() - load.startedAt;
    await sleep(ms);
    phases[name] = [from, Date.now() - load.startedAt];
  };
  await phase('baseline', 4000);
  stack.postgresProxy.setLatency(ADDED_ROUND_TRIP_MS / 2);
  await phase('postgres', 8000);
  stack.postgresProxy.setLatency(0);
  stack.redisProxy!.setLatency(ADDED_ROUND_TRIP_MS / 2);
  await phase('redis', 8000);
  stack.redisProxy!.setLatency(0);
  const records = await load.stop();
  sampling = false;
  await sampler;

  const summary = summarize(records, 2000);
  const lost = await lostUploads(stack.baseUrl, headers, summary.acceptedUploads);
  const medians = Object.entries(phases).map(([name, [from, to]]) => {
    const inPhase = records.filter((r) => r.at >= from && r.at < to);
    const reads = median(inPhase.filter((r) => r.kind !== 'upload'));
    const uploads = median(inPhase.filter((r) => r.kind === 'upload'));
    return `${name}: median read ${reads} ms, upload ${uploads} ms`;
  });
  recordScenario({
    scenario: 'Slow PostgreSQL, then slow Redis (+200 ms)',
    load: `6 clients, ${summary.rate} req/s, ${summary.requests} requests (3 reads : 1 upload)`,
    fault: '+200 ms per round trip via the proxy, 8 s each',
    failed: summary.failed,
    slow: summary.slow,
    slowBoundMs: 2000,
    lost: lost.length,
    recoveryMs: null,
    notes: `${medians.join('; ')}; pool connections max ${maxTotal}, waiting max ${maxWaiting}`,
  });

  assert.deepEqual(records.filter((r) => r.status !== 200).slice(0, 5), [], 'no errors');
  assert.ok(maxTotal <= POOL_MAX, `at most ${POOL_MAX} connections per pool (saw ${maxTotal})`);
  assert.deepEqual(lost, []);
});
