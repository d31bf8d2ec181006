// Job pipeline with a no-op handler on one shard: drain rate of a preloaded backlog (jobs/s, fetch and
// completion batched, round-robin over 10 tenants) and pickup latency (committed enqueue → handler start) of
// jobs sent one at a time to an idle worker. Targets (issue 14): ≥ 2,000 jobs/s, p50 < 10 ms, p99 < 50 ms.
//   node --import tsx bench/jobs.bench.ts [--jobs 20000] [--pickups 500] [--concurrency 64]
// Database: fresh databases on TEST_DATABASE_URL (default: the local PostgreSQL 15).
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { JobQueue, QUEUES } from '../src/jobs/index.ts';
import { createTestDatabases } from '../test/support/databases.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '20000' },
    pickups: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '64' },
  },
});
const total = Number(values.jobs);
const pickups = Number(values.pickups);
const concurrency = Number(values.concurrency);

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const databases = await createTestDatabases(1);
const errors: unknown[] = [];
const queue = new JobQueue(new Map([[0, databases.urls[0]!]]), {
  expireSeconds: 120,
  work: true,
  onError: (error) => errors.push(error),
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

try {
  await queue.start();
  const tenants = Array.from({ length: 10 }, () => randomUUID());

  // 1. drain: the backlog exists before the worker starts
  for (let i = 0; i < total; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, total - i) }, (_, k) => ({
      tenantId: tenants[(i + k) % tenants.length],
      kind: 'drain',
    }));
    await queue.enqueueMany(0, QUEUES.estimate, batch);
  }
  let drained = 0;
  let drainStart = 0;
  let allDrained: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDrained = resolve));
  const pickupMs: number[] = [];
  const startedAt: number[] = [];
  let pickupSeen: () => void = () => undefined;
  await queue.work<{ kind: string; sentAt?: number }>(QUEUES.estimate, concurrency, async (data) => {
    if (data.kind === 'drain') {
      if (drained === 0) drainStart = performance.now();
      if (++drained === total) allDrained();
    } else {
      const now = performance.now();
      pickupMs.push(now - data.sentAt!);
      startedAt.push(now);
      pickupSeen();
    }
  });
  const started = performance.now();
  await done;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `drain: ${total} no-op jobs (10 tenants), handler concurrency ${concurrency}: ${(total / seconds).toFixed(0)} jobs/s ` +
      `(${seconds.toFixed(2)} s from worker start, first pickup after ${(drainStart - started).toFixed(1)} ms)`,
  );

  // 2. pickup: one job at a time to an idle worker (its fallback poll is 1 s: only NOTIFY explains ms)
  await new Promise((resolve) => setTimeout(resolve, 300));
  const enqueueMs: number[] = [];
  const afterCommitMs: number[] = [];
  for (let i = 0; i < pickups; i++) {
    const seen = new Promise<void>((resolve) => (pickupSeen = resolve));
    const sentAt = performance.now();
    await queue.enqueue(0, QUEUES.estimate, { tenantId: tenants[i % 10], kind: 'pickup', sentAt });
    const committedAt = performance.now();
    enqueueMs.push(committedAt - sentAt);
    await seen;
    afterCommitMs.push(Math.max(0, startedAt.at(-1)! - committedAt));
    await new Promise((resolve) => setTimeout(resolve, 5)); // idle again before the next
  }
  const line = (label: string, samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(
      `${label.padEnd(52)} p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, ` +
        `max ${sorted.at(-1)?.toFixed(2)} ms`,
    );
  };
  console.log(`pickup, one job at a time to an idle worker (${pickups} jobs):`);
  line('  enqueue call → handler start', pickupMs);
  line('  enqueue committed → handler start (pickup)', afterCommitMs);
  line('  the enqueue itself (insert + commit)', enqueueMs);
  if (errors.length > 0) console.log(`errors: ${errors.length}, first: ${String(errors[0])}`);
} finally {
  await queue.stop();
  await databases.drop();
}
