// Runs the analysis in a worker_threads Worker with heap limits and a deadline, so a hostile file can
// neither block nor crash the calling process (the server runs analyses in-process).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { WorkerData, WorkerJob, WorkerMessage } from './analysis.worker.ts';
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
const workerUrl = new URL(isTypeScript ? './analysis.worker.ts' : './analysis.worker.js', import.meta.url);
// A worker inherits neither `--import tsx` nor tsx's in-process register(): it registers tsx itself
// (resolved from here, so the working directory does not matter) before importing the worker body.
const bootstrap = isTypeScript
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`
  : `import(${JSON.stringify(workerUrl.href)});`;

/** Where a run waits for its worker and when it is given up. */
export interface WorkerQueueing {
  /** The pool to wait in (default: this process's pool of {@link MAX_CONCURRENT_WORKERS}). */
  slots?: WorkerSlots;
  /** Default: the background job line. */
  lane?: SlotLane;
  /** Abort: a waiting run leaves its line, a running one terminates its worker. */
  signal?: AbortSignal;
}

/** A job, or how to make it once a slot is granted (so the drawing's bytes are read only then). */
export type WorkerJobSource = WorkerJob | (() => Promise<WorkerJob>);

/** Runs `job` in a fresh worker (queued while all slots are busy) and resolves with its result. */
export async function runInWorker<T>(
  job: WorkerJobSource,
  limits: WorkerLimits,
  queueing: WorkerQueueing = {},
): Promise<T> {
  const { slots = defaultSlots, lane = { kind: 'job' }, signal } = queueing;
  const release = await slots.acquire(lane, signal);
  try {
    const ready = typeof job === 'function' ? await job() : job;
    signal?.throwIfAborted();
    return await runWorker<T>(ready, limits, signal);
  } finally {
    release();
  }
}

/** Most analyses running at once in this process by default; the rest wait, so a burst cannot exhaust memory. */
export const MAX_CONCURRENT_WORKERS = Math.max(1, availableParallelism() - 1);
const defaultSlots = new WorkerSlots(MAX_CONCURRENT_WORKERS);

function runWorker<T>(job: WorkerJob, limits: WorkerLimits, signal: AbortSignal | undefined): Promise<T> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxMemoryMb = limits.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { ...job, maxMemoryMb } satisfies WorkerData,
      resourceLimits: {
        maxOldGenerationSizeMb: maxMemoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, maxMemoryMb / 8)),
        stackSizeMb: 8,
      },
      stdout: true,
      stderr: true,
    });
    // The DWG library logs read warnings; they belong in the result, not in the server's output.
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // settle once the thread is gone, so a freed slot never overlaps a worker still holding its memory
      void worker.terminate().then(fn, fn);
    };
    const timer = setTimeout(() => {
      finish(() =>
        reject(
          new DrawingAnalysisError(
            'TIMEOUT',
            `drawing analysis took longer than ${timeoutMs} ms and was stopped`,
            { details: { timeoutMs } },
          ),
        ),
      );
    }, timeoutMs);
    const onAbort = (): void => finish(() => reject(abortReason(signal)));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') limits.onProgress?.(message.fraction);
      else if (message.type === 'result') finish(() => resolve(message.result as T));
      else
        finish(() =>
          reject(
            new DrawingAnalysisError(
              message.error.code,
              message.error.message,
              message.error.details ? { details: message.error.details } : undefined,
            ),
          ),
        );
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY' || /memory/i.test(error.message);
      finish(() =>
        reject(
          oom
            ? new DrawingAnalysisError(
                'OUT_OF_MEMORY',
                `drawing analysis needed more than ${maxMemoryMb} MB and was stopped`,
                { cause: error, details: { maxMemoryMb } },
              )
            : new DrawingAnalysisError('ANALYSIS_FAILED', `drawing analysis failed: ${error.message}`, {
                cause: error,
              }),
        ),
      );
    });
    worker.on('exit', (code) => {
      finish(() =>
        reject(
          new DrawingAnalysisError('ANALYSIS_FAILED', `drawing analysis worker exited with code ${code}`),
        ),
      );
    });
  });
}
