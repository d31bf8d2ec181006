// Runs analyses in a pool of warm worker threads (piscina) with heap limits and a deadline, so a hostile file
// can neither block nor crash the calling process, and a drawing costs no thread start-up. A thread that passes
// its deadline is terminated and one whose heap overflows dies; either way the pool starts a replacement and
// the other drawings, in other threads or still waiting for a slot, go on.
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { WorkerData, WorkerJob, WorkerOutcome, WorkerTask } from './analysis.worker.ts';
import { abortReason, WorkerSlots, type SlotLane } from './worker-slots.ts';

/** Limits of one worker run. */
export interface WorkerLimits {
  /** Wall-clock limit; the worker is terminated when it passes (default 60 s). */
  timeoutMs?: number;
  /**
   * V8 heap limit of the worker (default 512 MB). The DWG reader's WebAssembly memory starts at 1 GB and
   * may not grow past the larger of that and this limit.
   */
  maxMemoryMb?: number;
  onProgress?: (fraction: number) => void;
}

/** Default wall-clock limit (ms). */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default heap limit (MB). */
export const DEFAULT_MAX_MEMORY_MB = 512;

const isTypeScript = import.meta.url.endsWith('.ts');
const workerFile = new URL(
  isTypeScript ? './analysis.worker.entry.mjs' : './analysis.worker.js',
  import.meta.url,
);

/** Where a run waits for its worker and when it is given up. */
export interface WorkerQueueing {
  /** The slots to wait in (default: this process's {@link MAX_CONCURRENT_WORKERS}). */
  slots?: WorkerSlots;
  /** Default: the background job line. */
  lane?: SlotLane;
  /** Abort: a waiting run leaves its line, a running one terminates its worker. */
  signal?: AbortSignal;
  /** Called once the run has its slot (it waited for it until then). */
  onStart?: () => void;
}

/** A job, or how to make it once a slot is granted (so the drawing's bytes are read only then). */
export type WorkerJobSource = WorkerJob | (() => Promise<WorkerJob>);

/** Runs `job` in a warm worker (queued while all slots are busy) and resolves with its result. */
export async function runInWorker<T>(
  job: WorkerJobSource,
  limits: WorkerLimits,
  queueing: WorkerQueueing = {},
): Promise<T> {
  const { slots = defaultSlots, lane = { kind: 'job' }, signal, onStart } = queueing;
  const release = await slots.acquire(lane, signal);
  try {
    onStart?.();
    const ready = typeof job === 'function' ? await job() : job;
    signal?.throwIfAborted();
    return await runPooled<T>(ready, limits, slots.capacity, signal);
  } finally {
    release();
  }
}

/** Most analyses running at once in this process by default; the rest wait, so a burst cannot exhaust memory. */
export const MAX_CONCURRENT_WORKERS = Math.max(1, availableParallelism() - 1);
const defaultSlots = new WorkerSlots(MAX_CONCURRENT_WORKERS);

/**
 * The warm pools, one per heap limit (a thread's limit is fixed when it starts) and slot capacity: the
 * server uses one; tests and the CLI may ask for others. Threads start with the pool and stay.
 */
const pools = new Map<string, Piscina<WorkerTask, WorkerOutcome>>();

function poolFor(maxMemoryMb: number, threads: number): Piscina<WorkerTask, WorkerOutcome> {
  const key = `${maxMemoryMb}:${threads}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new Piscina<WorkerTask, WorkerOutcome>({
      filename: workerFile.href,
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      workerData: { maxMemoryMb } satisfies WorkerData,
      resourceLimits: {
        maxOldGenerationSizeMb: maxMemoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, maxMemoryMb / 8)),
        stackSizeMb: 8,
      },
    });
    pools.set(key, pool);
  }
  return pool;
}

/** Starts the threads of the pool runs with these limits and slot capacity will use, before the first drawing. */
export function warmWorkerPool(capacity: number, maxMemoryMb = DEFAULT_MAX_MEMORY_MB): void {
  poolFor(maxMemoryMb, capacity);
}

/** Stops every warm pool's threads (server shutdown, end of a CLI command). */
export async function closeWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.destroy()));
}

/** The thread ids of every warm pool and the tasks they finished (metrics, tests). */
export function workerPoolStats(): { threadIds: number[]; completed: number } {
  const threadIds: number[] = [];
  let completed = 0;
  for (const pool of pools.values()) {
    threadIds.push(...pool.threads.map((thread) => thread.threadId));
    completed += pool.completed;
  }
  return { threadIds, completed };
}

async function runPooled<T>(
  job: WorkerJob,
  limits: WorkerLimits,
  threads: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxMemoryMb = limits.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  const deadline = AbortSignal.timeout(timeoutMs);
  const progress = limits.onProgress ? new MessageChannel() : undefined;
  progress?.port1.on('message', (fraction: number) => limits.onProgress?.(fraction));
  const task: WorkerTask = { job, progress: progress?.port2 };
  let outcome: WorkerOutcome;
  try {
    outcome = await poolFor(maxMemoryMb, threads).run(task, {
      // aborting a running task terminates its thread; the pool replaces it
      signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      transferList: progress ? [progress.port2] : [],
    });
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    if (deadline.aborted)
      throw new DrawingAnalysisError(
        'TIMEOUT',
        `drawing analysis took longer than ${timeoutMs} ms and was stopped`,
        {
          details: { timeoutMs },
        },
      );
    throw workerFailure(error, maxMemoryMb);
  } finally {
    progress?.port1.close();
  }
  if (outcome.type === 'result') return outcome.result as T;
  const { code, message, details } = outcome.error;
  throw new DrawingAnalysisError(code, message, details ? { details } : undefined);
}

/** A thread that died under a task: out of heap (its resource limit), or another crash. */
function workerFailure(error: unknown, maxMemoryMb: number): DrawingAnalysisError {
  const e = error as Error & { code?: string };
  const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /memory/i.test(String(e.message));
  return oom
    ? new DrawingAnalysisError(
        'OUT_OF_MEMORY',
        `drawing analysis needed more than ${maxMemoryMb} MB and was stopped`,
        {
          cause: error,
          details: { maxMemoryMb },
        },
      )
    : new DrawingAnalysisError('ANALYSIS_FAILED', `drawing analysis failed: ${String(e.message)}`, {
        cause: error,
      });
}
