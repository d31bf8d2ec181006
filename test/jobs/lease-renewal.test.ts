import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { JobQueue, QUEUES } from '../../src/jobs/index.ts';
import { createTestDatabases } from '../support/databases.ts';
import { eventually } from '../support/test-app.ts';

const EXPIRE_SECONDS = 3;
// longer than the expiry and than pg-boss's maintenance interval (5 s), which expires jobs on the server
const WAIT_MS = 8000;

test('a job that waits in its process for a thread keeps its lease: it is not expired and runs once', async (t) => {
  const databases = await createTestDatabases(1);
  const url = databases.urls[0]!;
  const queue = new JobQueue(new Map([[0, url]]), { expireSeconds: EXPIRE_SECONDS, work: true, pollMs: 100 });
  await queue.start();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  t.after(async () => {
    await sql.end();
    await queue.stop();
    await databases.drop();
  });
  const jobOf = async (tenantId: string) =>
    (
      await sql.query<{ state: string; retry_count: number }>(
        `SELECT state, retry_count FROM pgboss.job WHERE data->>'tenantId' = $1`,
        [tenantId],
      )
    ).rows[0];

  // as an analysis does: wait (for a thread) past the expiry, then start and finish quickly
  const calls = new Map<string, number>();
  const handler = async (data: { tenantId: string }, meta: { started(): void }) => {
    calls.set(data.tenantId, (calls.get(data.tenantId) ?? 0) + 1);
    await sleep(WAIT_MS);
    meta.started();
    await sleep(100);
  };
  await queue.work(QUEUES.analyzeFile, 2, handler, { waitsForStart: true });
  await queue.work(QUEUES.estimate, 2, handler); // the same wait, without saying when it starts

  await queue.enqueue(0, QUEUES.analyzeFile, { tenantId: 'waits-for-start' });
  await queue.enqueue(0, QUEUES.estimate, { tenantId: 'plain' });
  await eventually(
    async () => ((await jobOf('waits-for-start'))?.state === 'completed' ? true : undefined),
    30_000,
  );
  assert.deepEqual(await jobOf('waits-for-start'), { state: 'completed', retry_count: 0 });
  assert.equal(calls.get('waits-for-start'), 1, 'ran once');
  // without the renewed lease, the same wait is given up at the expiry and the job is tried again
  const plain = await jobOf('plain');
  assert.ok(plain && (plain.state === 'retry' || plain.retry_count >= 1), JSON.stringify(plain));
});
