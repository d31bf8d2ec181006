// Public API of the drawing-analysis module: everything other modules may import.
import type { AnalysisResult } from './analysis.result.ts';
import type { AnalyzeOptions, DrawingInput } from './analyze.service.ts';
import type { LayerMapping } from './layer-classifier.service.ts';
import type { PreviewOptions } from './preview-svg.renderer.ts';
import { runInWorker, type WorkerLimits } from './worker-runner.service.ts';

export { DrawingAnalysisError, DRAWING_ERROR_CODES, type DrawingErrorCode } from './analysis.errors.ts';
export { DEFAULT_LIMITS, type AnalysisLimits } from './analysis.limits.ts';
export type { AnalysisResult } from './analysis.result.ts';
export {
  analyzeBytes,
  DEFAULT_STOREY_HEIGHT,
  detectFormat,
  type AnalyzeOptions,
  type DrawingInput,
} from './analyze.service.ts';
export { runAnalyzeCommand } from './analyze.command.ts';
export {
  ELEMENT_CLASSES,
  classifyName,
  cleanLayerName,
  globMatch,
  type ElementClass,
  type LayerMapping,
  type Classification,
} from './layer-classifier.service.ts';
export { MATERIAL_CATALOG, MATERIAL_RATES, type MaterialName, type MaterialRate } from './material-rates.ts';
export type { Materials } from './materials.service.ts';
export type { Measurements } from './measurements.service.ts';
export type { TakeoffLineItem } from './takeoff.types.ts';
export { CLASS_COLOURS, type PreviewOptions } from './preview-svg.renderer.ts';
export { DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT_MS } from './worker-runner.service.ts';

/** Options of {@link analyzeDrawing}: analysis options plus the worker's time and memory limits. */
export interface AnalyzeDrawingOptions extends Omit<AnalyzeOptions, 'onProgress'>, WorkerLimits {}

/** Analyses a DXF/DWG file in an isolated worker (time and heap limited); throws DrawingAnalysisError. */
export function analyzeDrawing(
  input: DrawingInput,
  options: AnalyzeDrawingOptions = {},
): Promise<AnalysisResult> {
  const { timeoutMs, maxMemoryMb, onProgress, ...analysis } = options;
  return runInWorker<AnalysisResult>(
    { task: 'analyze', bytes: input.bytes, filename: input.filename, options: analysis },
    { timeoutMs, maxMemoryMb, onProgress },
  );
}

/** Options of {@link renderDrawingPreview}. */
export interface PreviewDrawingOptions extends PreviewOptions, Omit<WorkerLimits, 'onProgress'> {
  layerMappings?: readonly LayerMapping[];
}

/** Renders the classified SVG preview of a file in an isolated worker; throws DrawingAnalysisError. */
export function renderDrawingPreview(
  input: DrawingInput,
  options: PreviewDrawingOptions = {},
): Promise<string> {
  const { timeoutMs, maxMemoryMb, ...rest } = options;
  return runInWorker<string>(
    { task: 'preview', bytes: input.bytes, filename: input.filename, options: rest },
    { timeoutMs, maxMemoryMb },
  );
}
