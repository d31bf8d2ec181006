// Worker body: runs one analysis (or preview) on untrusted bytes and posts the outcome; never reused.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeDrawingError } from './analysis.errors.ts';
import { analyzeBytes, prepareDrawing, type AnalyzeOptions } from './analyze.service.ts';
import { renderPreviewSvg, type PreviewOptions } from './preview-svg.renderer.ts';

/** What the parent hands to the worker. */
export interface WorkerJob {
  task: 'analyze' | 'preview';
  bytes: Uint8Array;
  filename: string;
  options: Omit<AnalyzeOptions, 'onProgress'> & PreviewOptions;
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
  return analyzeBytes(input, { ...job.options, onProgress });
}

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

try {
  post({ type: 'result', result: await run(workerData as WorkerJob) });
} catch (error) {
  post({ type: 'error', error: serializeDrawingError(error) });
}
