import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobQueue, QUEUES } from '../../src/jobs/index.ts';
import { createTestDatabases } from '../support/databases.ts';
import { eventually } from '../support/test-app.ts';

/** A started queue on a fresh database, closed (and dropped) after the test. */
async function freshQueue(t: { after(fn: () => Promise<void>): void }): Promise<JobQueue> {
  const databases = await createTestDatabases(1);
  const queue = new JobQueue(new Map([[0, databases.urls[0]!]]), { expireSeconds: 60, work: true });
  await queue.start();
  t.after(async () => {
    await queue.stop();
    await databases.drop();
  });
  return queue;
}

type Job = { tenantId: string; n: number };
const jobs = (tenantId: string, count: number): Job[] =>
  Array.from({ length: count }, (_, i) => ({ tenantId, n: i + 1 }));

/** Enqueues one job per statement, so each has its own creation time (jobs of one statement share it). */
async function enqueueEach(queue: JobQueue, list: Job[]): Promise<void> {
  for (const job of list) await queue.enqueue(0, QUEUES.estimate, job);
}

test("a tenant's backlog does not delay other tenants: jobs start round-robin across tenants", async (t) => {
  const queue = await freshQueue(t);
  // the noisy tenant's 30 jobs are all older than the quiet tenants' ones
  await enqueueEach(queue, jobs('noisy', 30));
  await enqueueEach(queue, jobs('quiet-b', 2));
  await enqueueEach(queue, jobs('quiet-c', 1));

  const order: string[] = [];
  await queue.work<Job>(QUEUES.estimate, 1, async ({ tenantId, n }) => {
    order.push(`${tenantId}#${n}`);
  });
  await eventually(async () => (order.length === 33 ? true : undefined));
  assert.deepEqual(order.slice(0, 7), [
    'noisy#1',
    'quiet-b#1',
    'quiet-c#1',
    'noisy#2',
    'quiet-b#2',
    'noisy#3',
    'noisy#4',
  ]);
  // within a tenant the order stays first in, first out, and every job ran once
  const noisy = order.filter((label) => label.startsWith('noisy#'));
  assert.deepEqual(
    noisy,
    jobs('noisy', 30).map((j) => `noisy#${j.n}`),
    'first in, first out within a tenant',
  );
  assert.equal(new Set(order).size, 33);
});

test('a job queued while a backlog drains starts next, before the backlog it arrived behind', async (t) => {
  const queue = await freshQueue(t);
  await queue.enqueueMany(0, QUEUES.estimate, jobs('noisy', 200));
  const order: string[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await queue.work<Job>(QUEUES.estimate, 2, async ({ tenantId, n }) => {
    order.push(`${tenantId}#${n}`);
    if (order.length <= 2) await held; // both handler slots busy with the noisy tenant's first jobs
  });
  await eventually(async () => (order.length === 2 ? true : undefined));
  await queue.enqueue(0, QUEUES.estimate, { tenantId: 'quiet', n: 1 });
  release();
  await eventually(async () => (order.length === 201 ? true : undefined));
  // the two slots free up together; the next fetch takes the quiet tenant's job first in its batch
  assert.ok(order.indexOf('quiet#1') <= 3, `quiet job started at position ${order.indexOf('quiet#1')}`);
});

test('a failing job is retried, and dead-lettered after its last attempt, while others complete', async (t) => {
  const queue = await freshQueue(t);
  const attempts: number[] = [];
  const done: number[] = [];
  await queue.work<Job>(QUEUES.estimate, 4, async ({ n }, meta) => {
    if (n === 1) {
      attempts.push(meta.retryCount);
      throw new Error('the ERP is down');
    }
    done.push(n);
  });
  await queue.enqueue(
    0,
    QUEUES.estimate,
    { tenantId: 't', n: 1 },
    { retryLimit: 1, retryDelay: 1, retryBackoff: false },
  );
  await queue.enqueueMany(0, QUEUES.estimate, jobs('t', 5).slice(1));
  await eventually(async () => (done.length === 4 && attempts.length === 2 ? true : undefined), 20_000);
  assert.deepEqual(attempts, [0, 1]);
  const dead = await eventually(async () => {
    const depth = (await queue.counts()).find((c) => c.queue === QUEUES.deadLetter);
    return depth && depth.count === 1 ? depth : undefined;
  });
  assert.equal(dead.count, 1);
});
