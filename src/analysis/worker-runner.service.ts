// Runs the analysis in a worker_threads Worker with heap limits and a deadline, so a hostile file can
// neither block nor crash the calling process (the server runs analyses in-process).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { WorkerData, WorkerJob, WorkerMessage } from './analysis.worker.ts';

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

/** Runs `job` in a fresh worker (queued while all slots are busy) and resolves with its result. */
export async function runInWorker<T>(job: WorkerJob, limits: WorkerLimits): Promise<T> {
  await acquireSlot();
  try {
    return await runWorker<T>(job, limits);
  } finally {
    releaseSlot();
  }
}

/** Most analyses running at once in this process; the rest wait, so a burst of uploads cannot exhaust memory. */
export const MAX_CONCURRENT_WORKERS = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: Array<() => void> = [];

function acquireSlot(): Promise<void> {
  if (running < MAX_CONCURRENT_WORKERS) {
    running++;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function releaseSlot(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

function runWorker<T>(job: WorkerJob, limits: WorkerLimits): Promise<T> {
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
      fn();
      void worker.terminate();
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
