import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { manyLinesDxf } from '../fixtures/drawings/hostile.fixture.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { createTenant, startFaultStack, until, uploadFile, uploadFiles } from './support/fault-stack.ts';
import { recordScenario } from './support/reliability-report.ts';

const LINES = 40_000; // long enough to be caught mid-analysis
const EXPIRE_SECONDS = 15;

test('a separate worker process killed mid-analysis: the job runs again after its expiry, exactly one result, other jobs kept', async (t) => {
  // the API serves without workers; the analyses run in `construction-ai worker` processes
  const stack = await startFaultStack(t, {
    env: { WORKER_ENABLED: 'false', JOB_EXPIRE_SECONDS: String(EXPIRE_SECONDS) },
  });
  const workerEnv = { ...stack.env, WORKER_ENABLED: 'true' };
  const workers: ServerProcess[] = [await startServerProcess(workerEnv, 'worker running', 'worker')];
  t.after(() => workers.forEach((worker) => worker.child.kill('SIGKILL')));
  const { headers } = await createTenant(stack.baseUrl);
  const fileId = await uploadFile(stack.baseUrl, headers, 'long.dxf', manyLinesDxf(LINES));
  const others = await uploadFiles(stack.baseUrl, headers, 5); // queued behind it
  const statusOf = async (id: string) =>
    (
      (await (await fetch(`${stack.baseUrl}/api/files/${id}/analysis`, { headers })).json()) as {
        status: string;
      }
    ).status;

  await until(async () => (await statusOf(fileId)) === 'processing', 60_000);
  workers[0]!.child.kill('SIGKILL');
  await new Promise((resolve) => workers[0]!.child.once('exit', resolve));
  const killedAt = Date.now();
  workers.push(await startServerProcess(workerEnv, 'worker running', 'worker'));
  const recoveryMs = await until(
    async () => ['completed', 'failed'].includes(await statusOf(fileId)),
    120_000,
  );
  await until(async () => {
    const states = await Promise.all(others.map(statusOf));
    return states.every((state) => state === 'completed' || state === 'failed');
  }, 120_000);

  const shard = new pg.Client({ connectionString: stack.postgres.url('cai_shard_0') });
  await shard.connect();
  t.after(() => shard.end());
  const analyses = await shard.query<{ status: string }>(
    'SELECT status FROM file_analyses WHERE file_id = $1',
    [fileId],
  );
  const othersDone = await shard.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM file_analyses WHERE file_id = ANY($1::uuid[]) AND status IN ('completed', 'failed')`,
    [others],
  );
  recordScenario({
    scenario: 'Worker process killed mid-analysis',
    load: `1 drawing of ${LINES} lines being analysed, 5 more queued`,
    fault: 'kill -9 of the `worker` process holding the job',
    failed: analyses.rows.filter((row) => row.status !== 'completed').length,
    slow: 0,
    slowBoundMs: 0,
    lost: others.length - othersDone.rows[0]!.n,
    recoveryMs,
    notes: `${analyses.rows.length} analysis row(s); job expiry ${EXPIRE_SECONDS} s; recovery = kill to result (${Date.now() - killedAt} ms incl. the others)`,
  });

  assert.deepEqual(analyses.rows, [{ status: 'completed' }], 'exactly one analysis, completed');
  assert.equal(othersDone.rows[0]!.n, others.length, 'the jobs queued behind it all ran');
});
