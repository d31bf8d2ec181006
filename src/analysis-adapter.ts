import type { Config } from './config.ts';
import type { DrawingEngine } from './files/index.ts';
import {
  analyzeDrawing,
  renderDrawingGeometry,
  renderDrawingPreview,
  type LayerMapping,
  type WorkerSlots,
  warmWorkerPool,
  type UnitOverride,
  UNIT_OVERRIDES,
} from './analysis/index.ts';

/** The per-file unit override stored with an analysis's options, when it is one the analysis knows. */
function unitOf(options: Record<string, unknown>): UnitOverride | undefined {
  const u = options.units;
  return typeof u === 'string' && (UNIT_OVERRIDES as readonly string[]).includes(u)
    ? (u as UnitOverride)
    : undefined;
}

/**
 * The takeoff engine behind the analysis job and the preview, in a pool of warm, isolated workers with the
 * configured limits. Jobs and previews (SVG and plan geometry) share `slots`; each tenant's previews wait in
 * their own short line. With `warm`, the pool's threads start now rather than with the first drawing
 * (processes that run jobs).
 */
export function drawingEngine(
  config: Readonly<Config>,
  slots: WorkerSlots,
  options: { warm: boolean } = { warm: false },
): DrawingEngine {
  const limits = { timeoutMs: config.analysisTimeoutMs, maxMemoryMb: config.analysisMaxMemoryMb };
  if (options.warm) warmWorkerPool(slots.capacity, limits.maxMemoryMb);
  // previews and plan geometry wait in the tenant's short preview line, and stop when the client leaves
  const inPreviewLine = (request: { tenantId: string; signal?: AbortSignal }) => ({
    slots,
    lane: { kind: 'preview' as const, group: request.tenantId, maxWaiting: config.previewQueuePerTenant },
    signal: request.signal,
  });
  const mappings = (options: Record<string, unknown>) =>
    Array.isArray(options.layerMappings) ? (options.layerMappings as LayerMapping[]) : undefined;
  return {
    analyze: async (input, options, onStart) =>
      analyzeDrawing(
        input,
        {
          ...limits,
          storeyHeight: typeof options.storeyHeight === 'number' ? options.storeyHeight : undefined,
          layerMappings: mappings(options),
          units: unitOf(options),
        },
        { slots, onStart },
      ),
    preview: async (input, options, request) =>
      renderDrawingPreview(input, { ...limits, layerMappings: mappings(options) }, inPreviewLine(request)),
    geometry: async (input, options, request) =>
      renderDrawingGeometry(input, { ...limits, layerMappings: mappings(options) }, inPreviewLine(request)),
  };
}
