// Block expansion: every model-space entity placed in world coordinates, inserts expanded recursively.
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisLimits } from './analysis.limits.ts';
import type { BulgeVertex, Drawing, DrawingEntity, Vec2 } from './drawing.model.ts';
import {
  apply,
  arcVertices,
  compose,
  ellipsePoints,
  IDENTITY,
  transformPath,
  trs,
  type Affine,
} from './geometry.math.ts';
import { splinePoints } from './spline.math.ts';

/** Geometry of a placed entity in world (drawing-unit) coordinates. */
export type PlacedGeometry =
  | { kind: 'path'; vertices: BulgeVertex[]; closed: boolean }
  | { kind: 'hatch'; pattern: string; solid: boolean; loops: Vec2[][] }
  | { kind: 'insert'; instance: number }
  | { kind: 'dimension'; measurement: number | undefined; text: string }
  | { kind: 'text'; position: Vec2; text: string; height: number }
  | { kind: 'none' };

/** One entity after expansion; `layer` is the raw layer after layer-0 inheritance. */
export interface PlacedEntity {
  type: string;
  handle: string;
  layer: string;
  /** The innermost insert instance this entity was placed by, if any. */
  instance: number | undefined;
  /** True for 3D polylines, which are counted but not measured as plan lengths. */
  is3d: boolean;
  geometry: PlacedGeometry;
}

/** One placement of a block (arrays give one instance per cell). */
export interface InsertInstance {
  id: number;
  handle: string;
  block: string;
  layer: string;
  parent: number | undefined;
  position: Vec2;
  transform: Affine;
}

/** The expanded drawing. */
export interface ExpandedDrawing {
  entities: PlacedEntity[];
  instances: InsertInstance[];
}

const MIRROR_X: Affine = { a: -1, b: 0, c: 0, d: 1, e: 0, f: 0 };

/** Expands model space; throws BLOCK_RECURSION or TOO_MANY_ENTITIES when limits are hit. */
export function expandDrawing(drawing: Drawing, limits: AnalysisLimits): ExpandedDrawing {
  const count = expandedCount(drawing, limits.maxDepth);
  if (count > limits.maxEntities) throw tooManyEntities(limits.maxEntities);
  const out: ExpandedDrawing = { entities: [], instances: [] };
  const stack: string[] = [];
  const missing = new Set<string>();

  const place = (
    entities: DrawingEntity[],
    m: Affine,
    parentLayer: string | undefined,
    instance: number | undefined,
  ): void => {
    for (const e of entities) {
      if (out.entities.length >= limits.maxEntities) throw tooManyEntities(limits.maxEntities);
      // An ATTDEF in a block is the template of an attribute: the insert shows its own ATTRIB instead.
      if (instance !== undefined && e.type === 'ATTDEF') continue;
      const layer = parentLayer !== undefined && e.layer === '0' ? parentLayer : e.layer;
      if (e.kind !== 'insert') {
        out.entities.push({
          type: e.type,
          handle: e.handle,
          layer,
          instance,
          is3d: e.kind === 'polyline' && e.is3d,
          geometry: placeGeometry(e, m),
        });
        continue;
      }
      const block = drawing.blocks.get(e.block);
      if (!block) {
        missing.add(e.block);
        out.entities.push({
          type: e.type,
          handle: e.handle,
          layer,
          instance,
          is3d: false,
          geometry: { kind: 'none' },
        });
        continue;
      }
      if (stack.includes(e.block)) {
        throw new DrawingAnalysisError('BLOCK_RECURSION', `block "${e.block}" inserts itself`, {
          details: { block: e.block, path: [...stack] },
        });
      }
      if (stack.length >= limits.maxDepth) {
        throw new DrawingAnalysisError(
          'BLOCK_RECURSION',
          `blocks are nested deeper than ${limits.maxDepth} levels`,
          {
            details: { block: e.block, depth: stack.length },
          },
        );
      }
      stack.push(e.block);
      const ocs = e.normalZ < 0 ? MIRROR_X : IDENTITY;
      for (let r = 0; r < e.rows; r++) {
        for (let c = 0; c < e.columns; c++) {
          const cell = trs(c * e.columnSpacing, r * e.rowSpacing, 0, 1, 1);
          const local = compose(
            compose(compose(ocs, trs(e.position.x, e.position.y, e.rotation, 1, 1)), cell),
            trs(-block.base.x * e.scale.x, -block.base.y * e.scale.y, 0, e.scale.x, e.scale.y),
          );
          const world = compose(m, local);
          const id = out.instances.length;
          out.instances.push({
            id,
            handle: e.handle,
            block: e.block,
            layer,
            parent: instance,
            position: apply(m, apply(ocs, e.position)),
            transform: world,
          });
          out.entities.push({
            type: e.type,
            handle: e.handle,
            layer,
            instance,
            is3d: false,
            geometry: { kind: 'insert', instance: id },
          });
          place(block.entities, world, layer, id);
        }
      }
      stack.pop();
    }
  };
  place(drawing.entities, IDENTITY, undefined, undefined);
  for (const name of missing)
    drawing.warnings.push(`block "${name}" is inserted but not defined; its inserts were skipped`);
  return out;
}

function tooManyEntities(limit: number): DrawingAnalysisError {
  return new DrawingAnalysisError('TOO_MANY_ENTITIES', `the drawing expands to more than ${limit} entities`, {
    details: { limit },
  });
}

/**
 * How many entities expansion would make, counted per block once: a small file of nested arrays can expand
 * to millions, and placing them all before the limit is hit took seconds. Cycles and nesting past `maxDepth`
 * count as nothing here (expansion reports them), so the count never exceeds what expansion makes.
 */
function expandedCount(drawing: Drawing, maxDepth: number): number {
  const known = new Map<string, number>();
  const visiting = new Set<string>();
  const cells = (n: number) => (n > 0 ? Math.ceil(n) : 0);
  const countOf = (entities: DrawingEntity[], depth: number): number => {
    let total = 0;
    for (const e of entities) {
      if (depth > 0 && e.type === 'ATTDEF') continue; // not placed: the insert shows its ATTRIB
      const block = e.kind === 'insert' ? drawing.blocks.get(e.block) : undefined;
      if (e.kind !== 'insert' || !block) {
        total += 1;
        continue;
      }
      let inner = known.get(e.block);
      if (inner === undefined) {
        if (visiting.has(e.block) || depth >= maxDepth) inner = 0;
        else {
          visiting.add(e.block);
          inner = countOf(block.entities, depth + 1);
          visiting.delete(e.block);
          known.set(e.block, inner);
        }
      }
      total += cells(e.rows) * cells(e.columns) * (1 + inner);
    }
    return total;
  };
  return countOf(drawing.entities, 0);
}

function placeGeometry(e: DrawingEntity, m: Affine): PlacedGeometry {
  const ocs = 'normalZ' in e && e.normalZ < 0 ? compose(m, MIRROR_X) : m;
  switch (e.kind) {
    case 'line':
      return path(
        m,
        [
          { ...e.start, bulge: 0 },
          { ...e.end, bulge: 0 },
        ],
        false,
      );
    case 'arc':
      return path(ocs, arcVertices(e.center, e.radius, e.startAngle, e.endAngle), false);
    case 'circle':
      return path(ocs, arcVertices(e.center, e.radius, 0, 2 * Math.PI), true);
    case 'polyline':
      return path(e.is3d ? m : ocs, e.vertices, e.closed);
    case 'ellipse': {
      const pts = ellipsePoints(e.center, e.majorAxis, e.ratio, e.startParam, e.endParam);
      return path(
        ocs,
        pts.map((p) => ({ ...p, bulge: 0 })),
        false,
      );
    }
    case 'spline':
      return path(
        m,
        splinePoints(e.spline).map((p) => ({ ...p, bulge: 0 })),
        false,
      );
    case 'hatch':
      return {
        kind: 'hatch',
        pattern: e.pattern,
        solid: e.solid,
        loops: e.loops.map((loop) => loop.map((p) => apply(ocs, p))),
      };
    case 'dimension':
      return { kind: 'dimension', measurement: e.measurement, text: e.text };
    case 'text':
      return {
        kind: 'text',
        position: apply(m, e.position),
        text: e.text,
        height: e.height * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)),
      };
    case 'insert':
    case 'other':
      return { kind: 'none' };
  }
}

function path(m: Affine, vertices: BulgeVertex[], closed: boolean): PlacedGeometry {
  const finite = vertices.every(
    (v) => Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.bulge),
  );
  return finite ? { kind: 'path', vertices: transformPath(m, vertices, closed), closed } : { kind: 'none' };
}
