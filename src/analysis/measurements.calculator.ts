// Raw measurements in drawing units, before any interpretation, in the shape other readers can be checked against.
import type { ExpandedDrawing, PlacedEntity } from './block-expander.normalizer.ts';
import type { BlockDefinition, Vec2 } from './drawing.model.ts';
import { pathArea, pathLength } from './geometry.math.ts';

/** Per-layer raw figures. */
export interface LayerMeasurement {
  entities: Record<string, number>;
  length: number;
  closedArea: number;
}

/** `measurements` of issue 3: model space, inserts expanded, drawing units. */
export interface Measurements {
  insunits: number | undefined;
  layers: Record<string, LayerMeasurement>;
  /**
   * Per inserted block: its inserts and, when it has any, the ATTDEFs in its definition (counted once per
   * block, not per insert: an insert shows its own ATTRIBs, which are counted on their layers).
   */
  blocks: Record<string, { inserts: number; attributeDefinitions?: number }>;
}

/** Axis-aligned bounds in drawing units. */
export interface Extents {
  min: Vec2;
  max: Vec2;
}

const MEASURED_TYPES = new Set(['LINE', 'ARC', 'CIRCLE', 'LWPOLYLINE', 'POLYLINE', 'ELLIPSE', 'SPLINE']);
const AREA_TYPES = new Set(['LWPOLYLINE', 'POLYLINE', 'CIRCLE']);

/** Length of an entity as `measurements` counts it (0 for types not measured). */
export function measuredLength(e: PlacedEntity): number {
  if (e.geometry.kind !== 'path' || !MEASURED_TYPES.has(e.type) || e.is3d) return 0;
  return pathLength(e.geometry.vertices, e.geometry.closed);
}

/** Closed area of an entity as `measurements` counts it (0 unless a closed 2D polyline or circle). */
export function measuredArea(e: PlacedEntity): number {
  if (e.geometry.kind !== 'path' || !e.geometry.closed || !AREA_TYPES.has(e.type) || e.is3d) return 0;
  return pathArea(e.geometry.vertices);
}

/** Computes the measurements of an expanded drawing; `definitions` are its blocks, for their ATTDEFs. */
export function measure(
  expanded: ExpandedDrawing,
  insunits: number | undefined,
  definitions: ReadonlyMap<string, BlockDefinition> = new Map(),
): Measurements {
  const layers: Record<string, LayerMeasurement> = {};
  for (const e of expanded.entities) {
    const layer = (layers[e.layer] ??= { entities: {}, length: 0, closedArea: 0 });
    layer.entities[e.type] = (layer.entities[e.type] ?? 0) + 1;
    layer.length += measuredLength(e);
    layer.closedArea += measuredArea(e);
  }
  const blocks: Measurements['blocks'] = {};
  for (const i of expanded.instances) (blocks[i.block] ??= { inserts: 0 }).inserts++;
  for (const [name, entry] of Object.entries(blocks)) {
    const attdefs = definitions.get(name)?.entities.filter((e) => e.type === 'ATTDEF').length ?? 0;
    if (attdefs > 0) entry.attributeDefinitions = attdefs;
  }
  return { insunits, layers, blocks };
}

/** Bounds of everything drawn (paths, hatches, texts); undefined for an empty drawing. */
export function extentsOf(expanded: ExpandedDrawing): Extents | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (p: Vec2): void => {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) return;
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  };
  for (const e of expanded.entities) {
    const g = e.geometry;
    if (g.kind === 'path') g.vertices.forEach(add);
    else if (g.kind === 'hatch') g.loops.forEach((loop) => loop.forEach(add));
    else if (g.kind === 'text') add(g.position);
  }
  return minX <= maxX ? { min: { x: minX, y: minY }, max: { x: maxX, y: maxY } } : undefined;
}
