import type { Config } from './config.ts';
import type { DrawingEngine } from './files/index.ts';
import { analyzeDrawing, detectFormat, renderDrawingPreview, type LayerMapping } from './analysis/index.ts';

/** The takeoff engine behind the analysis job and the preview, in isolated workers with the configured limits. */
export function drawingEngine(config: Readonly<Config>): DrawingEngine {
  const limits = { timeoutMs: config.analysisTimeoutMs, maxMemoryMb: config.analysisMaxMemoryMb };
  const mappings = (options: Record<string, unknown>) =>
    Array.isArray(options.layerMappings) ? (options.layerMappings as LayerMapping[]) : undefined;
  return {
    // detectFormat rejects bytes that are no drawing at all before paying for a worker thread.
    analyze: async (input, options) =>
      detectFormat(input) &&
      analyzeDrawing(input, {
        ...limits,
        storeyHeight: typeof options.storeyHeight === 'number' ? options.storeyHeight : undefined,
        layerMappings: mappings(options),
      }),
    preview: async (input, options) =>
      detectFormat(input) && renderDrawingPreview(input, { ...limits, layerMappings: mappings(options) }),
  };
}
