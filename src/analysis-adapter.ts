import type { Config } from './config.ts';
import type { DrawingAnalyzer } from './files/index.ts';
import { analyzeDrawing, type LayerMapping } from './analysis/index.ts';

/** The analysis job's analyzer: the takeoff engine in an isolated worker with the configured limits. */
export function drawingAnalyzer(config: Readonly<Config>): DrawingAnalyzer {
  return (input, options) =>
    analyzeDrawing(input, {
      storeyHeight: typeof options.storeyHeight === 'number' ? options.storeyHeight : undefined,
      layerMappings: Array.isArray(options.layerMappings) ? (options.layerMappings as LayerMapping[]) : undefined,
      timeoutMs: config.analysisTimeoutMs,
      maxMemoryMb: config.analysisMaxMemoryMb,
    });
}
