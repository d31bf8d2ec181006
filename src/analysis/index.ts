// Public API of the drawing-analysis module: everything other modules may import.
import type { AnalysisResult } from './analysis.result.ts';
import type { AnalyzeOptions, DrawingInput } from './analyze.pipeline.ts';
import type { LayerMapping } from './layer.classifier.ts';
import type { PreviewOptions } from './preview-svg.renderer.ts';
import { detectFormat } from './analyze.pipeline.ts';
import type { WorkerJob } from './analysis.worker.ts';
import { runInWorker, type WorkerLimits, type WorkerQueueing } from './worker.runner.ts';

export {
  AnalysisCancelledError,
  DrawingAnalysisError,
  DRAWING_ERROR_CODES,
  PreviewBusyError,
  type DrawingErrorCode,
} from './analysis.errors.ts';
export { DEFAULT_LIMITS, type AnalysisLimits } from './analysis.limits.ts';
export type { AnalysisResult } from './analysis.result.ts';
export {
  analyzeBytes,
  DEFAULT_STOREY_HEIGHT,
  detectFormat,
  type AnalyzeOptions,
  type DrawingInput,
} from './analyze.pipeline.ts';
export { runAnalyzeCommand } from './analyze.command.ts';
export {
  ELEMENT_CLASSES,
  classifyName,
  cleanLayerName,
  globMatch,
  type ElementClass,
  type LayerMapping,
  type Classification,
} from './layer.classifier.ts';
export { MATERIAL_CATALOG, MATERIAL_RATES, type MaterialName, type MaterialRate } from './material-rates.ts';
export type { Materials } from './materials.calculator.ts';
export type { Measurements } from './measurements.calculator.ts';
export { UNIT_OVERRIDES, type UnitOverride } from './units.normalizer.ts';
export type { TakeoffLineItem } from './takeoff.types.ts';
export { CLASS_COLOURS, type PreviewOptions } from './preview-svg.renderer.ts';
export type { PlanGeometry, PlanEntity } from './plan-geometry.renderer.ts';
export {
  closeWorkerPools,
  DEFAULT_MAX_MEMORY_MB,
  DEFAULT_TIMEOUT_MS,
  MAX_CONCURRENT_WORKERS,
  warmWorkerPool,
  workerPoolStats,
  type WorkerQueueing,
} from './worker.runner.ts';
export { WorkerSlots, type SlotLane, type SlotStats } from './worker-slots.ts';

/** A drawing: its bytes, or how to read them (called only once a worker slot is granted). */
export type DrawingSource = DrawingInput | { filename: string; read(): Promise<Uint8Array> };

/** The worker job for `source`, made once a slot is granted; rejects non-drawings before a thread starts. */
function jobOf(
  task: WorkerJob['task'],
  source: DrawingSource,
  options: WorkerJob['options'],
): () => Promise<WorkerJob> {
  return async () => {
    const bytes = 'bytes' in source ? source.bytes : await source.read();
    detectFormat({ bytes, filename: source.filename });
    return { task, bytes, filename: source.filename, options };
  };
}

/** Options of {@link analyzeDrawing}: analysis options plus the worker's time and memory limits. */
export interface AnalyzeDrawingOptions extends Omit<AnalyzeOptions, 'onProgress'>, WorkerLimits {}

/** Analyses a DXF/DWG file in an isolated worker (time and heap limited); throws DrawingAnalysisError. */
export function analyzeDrawing(
  input: DrawingSource,
  options: AnalyzeDrawingOptions = {},
  queueing?: WorkerQueueing,
): Promise<AnalysisResult> {
  const { timeoutMs, maxMemoryMb, onProgress, ...analysis } = options;
  return runInWorker<AnalysisResult>(
    jobOf('analyze', input, analysis),
    { timeoutMs, maxMemoryMb, onProgress },
    queueing,
  );
}

/** Options of {@link renderDrawingPreview}. */
export interface PreviewDrawingOptions extends PreviewOptions, Omit<WorkerLimits, 'onProgress'> {
  layerMappings?: readonly LayerMapping[];
}

/** Renders the classified SVG preview of a file in an isolated worker, gzipped; throws DrawingAnalysisError. */
export function renderDrawingPreview(
  input: DrawingSource,
  options: PreviewDrawingOptions = {},
  queueing?: WorkerQueueing,
): Promise<Uint8Array> {
  const { timeoutMs, maxMemoryMb, ...rest } = options;
  return runInWorker<Uint8Array>(jobOf('preview', input, rest), { timeoutMs, maxMemoryMb }, queueing);
}

/**
 * Builds the plan geometry of a file (entities with handles, layers, classes) in an isolated worker: the JSON
 * of a `PlanGeometry`, gzipped.
 */
export function renderDrawingGeometry(
  input: DrawingSource,
  options: Omit<PreviewDrawingOptions, keyof PreviewOptions> = {},
  queueing?: WorkerQueueing,
): Promise<Uint8Array> {
  const { timeoutMs, maxMemoryMb, ...rest } = options;
  return runInWorker<Uint8Array>(jobOf('geometry', input, rest), { timeoutMs, maxMemoryMb }, queueing);
}
