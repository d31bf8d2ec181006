import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTenant, sleep, startFaultStack, startFileLoad, untilAnalysed } from './support/fault-stack.ts';
import { lostUploads, summarize } from './support/load.ts';
import { recordScenario } from './support/reliability-report.ts';

/** A shutdown taking longer than this did not drain: something kept the process alive. */
const HANG_MS = 60_000;

test('SIGTERM under load: requests in flight finish, the process exits 0, no accepted upload or job is lost', async (t) => {
  const stack = await startFaultStack(t);
  const { headers } = await createTenant(stack.baseUrl);
  const { load } = await startFileLoad(stack.baseUrl, headers, {
    files: 5,
    warm: false,
    concurrency: 8,
    mix: ['upload', 'read', 'upload', 'list'],
    pauseMs: 5,
  });
  await sleep(2500);
  const exited = new Promise<number | null>((resolve) => stack.server.child.once('exit', resolve));
  const signalledAt = Date.now() - load.startedAt;
  stack.server.child.kill('SIGTERM');
  const timer = setTimeout(() => stack.server.child.kill('SIGKILL'), HANG_MS);
  const code = await exited;
  clearTimeout(timer);
  const drainMs = Date.now() - load.startedAt - signalledAt;
  const records = await load.stop();
  const stderr = stack.server.stderrText();

  // the same deployment started again has every accepted upload and analyses each one
  await stack.restartServer();
  const summary = summarize(records, 2000);
  const lost = await lostUploads(stack.baseUrl, headers, summary.acceptedUploads);
  await untilAnalysed(stack.baseUrl, headers, summary.acceptedUploads, 120_000);
  const inFlight = records.filter((r) => r.at < signalledAt && r.at + r.ms > signalledAt);
  recordScenario({
    scenario: 'Graceful shutdown under load',
    load: `8 clients, ${summary.rate} req/s, ${summary.requests} requests (1 upload : 1 read)`,
    fault: 'SIGTERM to the server',
    failed: inFlight.filter((r) => r.status !== 200).length,
    slow: summary.slow,
    slowBoundMs: 2000,
    lost: lost.length,
    recoveryMs: drainMs,
    notes: `${inFlight.length} requests in flight at SIGTERM; recovery = time to drain and exit`,
  });

  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /shutdown failed|job error/);
  assert.ok(inFlight.length > 0, 'requests were in flight at SIGTERM');
  assert.deepEqual(
    inFlight.filter((r) => r.status !== 200),
    [],
    'requests in flight finish',
  );
  assert.deepEqual(lost, [], 'no accepted upload lost');
});
