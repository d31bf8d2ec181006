// Worker body: runs one analysis (or preview, or plan geometry) on untrusted bytes and posts the outcome; never reused.
import { parentPort, workerData } from 'node:worker_threads';
import { DrawingAnalysisError, serializeDrawingError } from './analysis.errors.ts';
import { analyzeBytes, prepareDrawing, type AnalyzeOptions } from './analyze.pipeline.ts';
import { renderPlanGeometry } from './plan-geometry.renderer.ts';
import { renderPreviewSvg, type PreviewOptions } from './preview-svg.renderer.ts';
import { limitWasmMemoryGrowth } from './wasm-memory.limit.ts';

/** What the parent hands to the worker. */
export interface WorkerJob {
  task: 'analyze' | 'preview' | 'geometry';
  bytes: Uint8Array;
  filename: string;
  options: Omit<AnalyzeOptions, 'onProgress'> & PreviewOptions;
}

/** What the worker receives: the job and the memory limit that also applies to WebAssembly memory. */
export interface WorkerData extends WorkerJob {
  maxMemoryMb: number;
}

/** What the worker posts back. */
export type WorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'result'; result: unknown }
  | { type: 'error'; error: ReturnType<typeof serializeDrawingError> };

async function run(job: WorkerJob): Promise<unknown> {
  const input = { bytes: job.bytes, filename: job.filename };
  const onProgress = (fraction: number): void => post({ type: 'progress', fraction });
  if (job.task === 'preview')
    return renderPreviewSvg(await prepareDrawing(input, { ...job.options, onProgress }), job.options);
  if (job.task === 'geometry')
    return renderPlanGeometry(await prepareDrawing(input, { ...job.options, onProgress }));
  return analyzeBytes(input, { ...job.options, onProgress });
}

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

const data = workerData as WorkerData;
const wasmGrowthRefused = limitWasmMemoryGrowth(data.maxMemoryMb * 1024 * 1024);
try {
  post({ type: 'result', result: await run(data) });
} catch (error) {
  const failure = wasmGrowthRefused()
    ? new DrawingAnalysisError(
        'OUT_OF_MEMORY',
        `the DWG reader needed more than ${data.maxMemoryMb} MB and was stopped`,
        { details: { maxMemoryMb: data.maxMemoryMb } },
      )
    : error;
  post({ type: 'error', error: serializeDrawingError(failure) });
}
