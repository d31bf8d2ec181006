import type { AnalysisResult, TakeoffLineItem } from '../analysis/index.ts';

/** `GET /api/files/{id}/analysis` as the API answers it. */
export interface AnalysisJson {
  file_id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  attempts: number;
  started_at: string | null;
  completed_at: string | null;
  duration_ms: number | null;
  options: Record<string, unknown>;
  error: { code: string; message: string } | null;
  result: AnalysisResult | null;
}

/** The overview of a completed takeoff an agent reads first: units, size, classes found, materials. */
export function takeoffSummary(result: AnalysisResult) {
  const classes: Record<string, { names: number; entities: number }> = {};
  for (const element of result.elements) {
    const entry = (classes[element.elementClass] ??= { names: 0, entities: 0 });
    entry.names += 1;
    entry.entities += element.entities;
  }
  return {
    drawing: result.file,
    units: { name: result.units.name, reason: result.units.reason },
    extents_m: { width: result.extents.widthM, height: result.extents.heightM },
    storey_height_m: result.options.storeyHeight,
    layer_mappings_applied: result.options.layerMappings,
    element_classes: classes,
    walls: result.walls,
    openings: result.openings.length,
    materials: result.materials,
    line_count: result.takeoff.length,
    warnings: result.warnings,
  };
}

/** One takeoff line with where it came from: layers, blocks and (up to `maxHandles`) entity handles. */
export function takeoffLine(line: TakeoffLineItem, maxHandles: number) {
  return {
    id: line.id,
    description: line.description,
    element_class: line.elementClass,
    quantity: line.quantity,
    unit: line.unit,
    confidence: line.confidence,
    method: line.method,
    sources: {
      layers: line.layers,
      blocks: line.blocks,
      handle_count: line.handleCount,
      handles: line.handles.slice(0, maxHandles),
      handles_truncated: line.handles.length > maxHandles,
    },
  };
}

/** How a layer or block was classified, so an agent can see what a layer mapping should correct. */
export function classifiedNames(result: AnalysisResult) {
  return result.elements.map((e) => ({
    kind: e.kind,
    name: e.name,
    element_class: e.elementClass,
    entities: e.entities,
    confidence: e.confidence,
    rule: e.rule,
  }));
}
