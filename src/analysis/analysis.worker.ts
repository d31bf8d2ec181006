// Worker body of the warm analysis pool: a long-lived thread that runs one analysis (or preview, or plan
// geometry) at a time on
// untrusted bytes and answers with the outcome. Nothing of one drawing is kept for the next: the DWG reader
// makes a fresh WebAssembly instance per file, and a thread that breaks a limit is terminated and replaced by
// the pool (worker.runner.ts), so it never runs another drawing.
import type { MessagePort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { workerData } from 'node:worker_threads';
import { DrawingAnalysisError, serializeDrawingError } from './analysis.errors.ts';
import { analyzeBytes, prepareDrawing, type AnalyzeOptions } from './analyze.pipeline.ts';
import { renderPlanGeometry } from './plan-geometry.renderer.ts';
import { renderPreviewSvg, type PreviewOptions } from './preview-svg.renderer.ts';
import { limitWasmMemoryGrowth } from './wasm-memory.limit.ts';
import { lowerThreadPriority, WORKER_THREAD_NICE } from './thread-priority.ts';

/** What the parent hands to the worker. */
export interface WorkerJob {
  task: 'analyze' | 'preview' | 'geometry';
  bytes: Uint8Array;
  filename: string;
  options: Omit<AnalyzeOptions, 'onProgress'> & PreviewOptions;
}

/** What every thread of a pool starts with: the memory limit that also applies to WebAssembly memory. */
export interface WorkerData {
  maxMemoryMb: number;
}

/** One task: the job and, when the caller follows progress, the port progress goes to. */
export interface WorkerTask {
  job: WorkerJob;
  progress?: MessagePort;
}

/** What the worker answers. */
export type WorkerOutcome =
  { type: 'result'; result: unknown } | { type: 'error'; error: ReturnType<typeof serializeDrawingError> };

const { maxMemoryMb } = workerData as WorkerData;
lowerThreadPriority(WORKER_THREAD_NICE);
const wasmGrowth = limitWasmMemoryGrowth(maxMemoryMb * 1024 * 1024);
// The DWG library logs read warnings; they belong in the result, not in the server's output.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => undefined;

async function run(job: WorkerJob, progress: MessagePort | undefined): Promise<unknown> {
  const input = { bytes: job.bytes, filename: job.filename };
  const onProgress = (fraction: number): void => progress?.postMessage(fraction);
  // renderings leave the thread as the gzipped bytes they are cached and sent as: compressing here, below the
  // event loop's priority, keeps it off the main thread and off libuv's pool
  if (job.task === 'preview')
    return gzipSync(
      renderPreviewSvg(await prepareDrawing(input, { ...job.options, onProgress }), job.options),
    );
  if (job.task === 'geometry')
    return gzipSync(
      JSON.stringify(renderPlanGeometry(await prepareDrawing(input, { ...job.options, onProgress }))),
    );
  return analyzeBytes(input, { ...job.options, onProgress });
}

/** Runs one task; a drawing's failure is an answer, not a thrown error (the thread stays healthy). */
export default async function runTask({ job, progress }: WorkerTask): Promise<WorkerOutcome> {
  wasmGrowth.reset();
  try {
    return { type: 'result', result: await run(job, progress) };
  } catch (error) {
    const failure = wasmGrowth.refused()
      ? new DrawingAnalysisError(
          'OUT_OF_MEMORY',
          `the DWG reader needed more than ${maxMemoryMb} MB and was stopped`,
          { details: { maxMemoryMb } },
        )
      : error;
    return { type: 'error', error: serializeDrawingError(failure) };
  } finally {
    progress?.close();
  }
}
