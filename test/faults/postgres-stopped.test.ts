import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answers,
  createTenant,
  sleep,
  startFaultStack,
  startFileLoad,
  until,
  untilAnalysed,
  uploadFiles,
} from './support/fault-stack.ts';
import { lostUploads, summarize } from './support/load.ts';
import { recordScenario } from './support/reliability-report.ts';

/** A request answered later than this hung (the pool waited for a connection that never came). */
const HANG_MS = 15_000;

// `npm test` runs the fast shutdown; the immediate one (a crash, with recovery) runs in `npm run test:faults`.
const inFaultSuite = process.env.FAULT_SUITE === '1';

for (const mode of ['fast', 'immediate'] as const) {
  const skip = mode === 'immediate' && !inFaultSuite && 'long: run by npm run test:faults';
  test(
    `external PostgreSQL stopped (${mode}) under load: writes 503 + Retry-After, cached reads 200, back without restart, nothing lost`,
    { skip },
    async (t) => {
      const stack = await startFaultStack(t);
      const { headers } = await createTenant(stack.baseUrl);
      const { load } = await startFileLoad(stack.baseUrl, headers, {
        files: 10,
        concurrency: 6,
        mix: ['read', 'read', 'upload', 'read'],
      });
      await sleep(2000);
      const faultAt = Date.now() - load.startedAt;
      stack.postgres.stop(mode);
      await sleep(1500);
      const readyDuringOutage = await fetch(`${stack.baseUrl}/ready`);
      await sleep(2500);
      const outageEnd = Date.now() - load.startedAt;
      await stack.postgres.start();
      const recoveryMs = await until(async () => {
        const [upload] = await uploadFiles(stack.baseUrl, headers, 1).catch(() => []);
        return upload !== undefined;
      }, 60_000);
      await sleep(2000);
      const records = await load.stop();

      const during = records.filter((r) => r.at >= faultAt && r.at < outageEnd);
      const summary = summarize(records, 2000);
      const lost = await lostUploads(stack.baseUrl, headers, summary.acceptedUploads);
      recordScenario({
        scenario: `External PostgreSQL stopped (${mode})`,
        load: `6 clients, ${summary.rate} req/s, ${summary.requests} requests (3 reads : 1 upload)`,
        fault: `pg_ctl stop -m ${mode} for 4 s`,
        failed: summary.failed,
        slow: summary.slow,
        slowBoundMs: 2000,
        lost: lost.length,
        recoveryMs,
        notes: `${summary.refusedWithRetryAfter} answered 503 + Retry-After`,
      });

      assert.equal(readyDuringOutage.status, 503, '/ready says not ready while PostgreSQL is down');
      const unexpected = records.filter((r) => r.status !== 200 && !(r.status === 503 && r.retryAfter));
      assert.deepEqual(unexpected.slice(0, 5), [], 'every refusal is 503 with Retry-After');
      assert.deepEqual(
        records.filter((r) => r.ms > HANG_MS),
        [],
        'no request hangs',
      );
      const duringReads = during.filter((r) => r.kind === 'read');
      assert.ok(duringReads.length > 0);
      assert.deepEqual(
        duringReads.filter((r) => r.status !== 200).slice(0, 5),
        [],
        'cached reads keep answering',
      );
      assert.ok(await answers(`${stack.baseUrl}/ready`, 200), 'ready again');
      assert.deepEqual(lost, [], 'no accepted upload lost');
      // jobs resume: every accepted upload, those queued or running when the database went away included, is analysed
      await untilAnalysed(stack.baseUrl, headers, summary.acceptedUploads, 120_000);
    },
  );
}
