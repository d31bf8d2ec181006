import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import { buildRoomDxf } from '../../test/fixtures/drawings/room.fixture.ts';
import { manyLinesDxf } from '../../test/fixtures/drawings/hostile.fixture.ts';
import { DrawingAnalysisError } from './analysis.errors.ts';
import { analyzeDrawing, warmWorkerPool, workerPoolStats, WorkerSlots } from './index.ts';
import { WORKER_THREAD_NICE } from './thread-priority.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const room = { bytes: encode(buildRoomDxf({ unit: 'mm' })), filename: 'room.dxf' };
const runaway = { bytes: encode(manyLinesDxf(300_000)), filename: 'runaway.dxf' };

const failsWith = (code: string) => (error: unknown) =>
  error instanceof DrawingAnalysisError && error.code === code;

/** Waits until the pools hold `count` threads again (a replaced thread starts in the background). */
async function threadsBack(count: number): Promise<number[]> {
  for (let i = 0; i < 200; i++) {
    const { threadIds } = workerPoolStats();
    if (threadIds.length === count) return threadIds;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the pools did not get back to ${count} threads`);
}

// Each case uses its own heap limit, hence its own pool; node:test runs this file in its own process.
void describe('the warm analysis pool', () => {
  void it('runs drawing after drawing in the same threads, with a fresh reader per drawing', async () => {
    const slots = new WorkerSlots(2);
    warmWorkerPool(2, 200);
    const before = await threadsBack(2);
    const { completed } = workerPoolStats();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => analyzeDrawing(room, { maxMemoryMb: 200 }, { slots })),
    );
    const walls = results.map((r) => r.measurements.layers['A-WALL']?.length);
    assert.equal(new Set(walls).size, 1, 'every run reads the same drawing the same way');
    assert.deepEqual(workerPoolStats().threadIds, before, 'no thread started or replaced');
    assert.equal(workerPoolStats().completed, completed + 6);
  });

  void it('stops a runaway drawing at its deadline; its thread is replaced and the drawings beside it finish', async () => {
    const slots = new WorkerSlots(2);
    warmWorkerPool(2, 300);
    const before = await threadsBack(4);
    const [stopped, ...others] = await Promise.allSettled([
      analyzeDrawing(runaway, { maxMemoryMb: 300, timeoutMs: 50 }, { slots }),
      ...Array.from({ length: 3 }, () => analyzeDrawing(room, { maxMemoryMb: 300 }, { slots })),
    ]);
    assert.ok(stopped?.status === 'rejected' && failsWith('TIMEOUT')(stopped.reason));
    assert.deepEqual(
      others.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'fulfilled'],
    );
    const after = await threadsBack(4);
    assert.equal(
      after.filter((id) => !before.includes(id)).length,
      1,
      'exactly the runaway thread was replaced',
    );
    await analyzeDrawing(room, { maxMemoryMb: 300 }, { slots });
  });

  void it('stops a drawing past its heap limit (OUT_OF_MEMORY) without losing the drawings beside it', async () => {
    const slots = new WorkerSlots(2);
    warmWorkerPool(2, 24);
    await threadsBack(6);
    const [oom, small] = await Promise.allSettled([
      analyzeDrawing(runaway, { maxMemoryMb: 24, timeoutMs: 60_000 }, { slots }),
      analyzeDrawing(room, { maxMemoryMb: 24 }, { slots }),
    ]);
    assert.ok(oom.status === 'rejected' && failsWith('OUT_OF_MEMORY')(oom.reason), oom.status);
    assert.equal(small.status, 'fulfilled');
    await threadsBack(6);
    const next = await analyzeDrawing(room, { maxMemoryMb: 24 }, { slots });
    assert.ok(next.measurements.layers['A-WALL']);
  });

  void it(
    'runs its threads below the priority of the event loop (Linux: nice is per thread)',
    { skip: process.platform !== 'linux' || getPriority() >= WORKER_THREAD_NICE },
    async () => {
      const slots = new WorkerSlots(2);
      warmWorkerPool(2, 100);
      await threadsBack(8);
      await analyzeDrawing(room, { maxMemoryMb: 100 }, { slots });
      const niceOf = (tid: string) => getPriority(Number(tid));
      const lowered = () =>
        readdirSync('/proc/self/task').filter((tid) => niceOf(tid) === WORKER_THREAD_NICE).length;
      // every thread of this file's pools lowers itself as it starts (a replaced one too), and nothing else does
      for (let i = 0; i < 200 && lowered() !== workerPoolStats().threadIds.length; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(lowered(), workerPoolStats().threadIds.length);
      assert.equal(niceOf(String(process.pid)), getPriority(), 'the main thread keeps its priority');
    },
  );
});
