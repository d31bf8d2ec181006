import type { Config } from './config.ts';
import type { DrawingEngine } from './files/index.ts';
import {
  analyzeDrawing,
  renderDrawingGeometry,
  renderDrawingPreview,
  type LayerMapping,
  type WorkerSlots,
} from './analysis/index.ts';

/**
 * The takeoff engine behind the analysis job and the preview, in isolated workers with the configured limits.
 * Jobs and previews (SVG and plan geometry) share `slots`; each tenant's previews wait in their own short line.
 */
export function drawingEngine(config: Readonly<Config>, slots: WorkerSlots): DrawingEngine {
  const limits = { timeoutMs: config.analysisTimeoutMs, maxMemoryMb: config.analysisMaxMemoryMb };
  const mappings = (options: Record<string, unknown>) =>
    Array.isArray(options.layerMappings) ? (options.layerMappings as LayerMapping[]) : undefined;
  return {
    analyze: async (input, options) =>
      analyzeDrawing(
        input,
        {
          ...limits,
          storeyHeight: typeof options.storeyHeight === 'number' ? options.storeyHeight : undefined,
          layerMappings: mappings(options),
        },
        { slots },
      ),
    preview: async (input, options, request) =>
      renderDrawingPreview(
        input,
        { ...limits, layerMappings: mappings(options) },
        {
          slots,
          lane: { kind: 'preview', group: request.tenantId, maxWaiting: config.previewQueuePerTenant },
          signal: request.signal,
        },
      ),
    geometry: async (input, options, request) =>
      renderDrawingGeometry(
        input,
        { ...limits, layerMappings: mappings(options) },
        {
          slots,
          lane: { kind: 'preview', group: request.tenantId, maxWaiting: config.previewQueuePerTenant },
          signal: request.signal,
        },
      ),
  };
}
