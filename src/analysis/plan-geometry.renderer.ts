// Plan geometry as compact JSON: every drawn entity with its handle, layer, element class and the inserts
// that placed it, so a viewer can draw the plan, toggle layers and classes, and trace takeoff lines.
import type { PreparedDrawing } from './analyze.pipeline.ts';
import type { Vec2 } from './drawing.model.ts';
import { segments, sampleSegment } from './geometry.math.ts';
import type { ElementClass } from './layer.classifier.ts';
import { CLASS_COLOURS } from './preview-svg.renderer.ts';

/** One drawn entity; coordinates are integers in `step` units from `origin` (x, y, x, y, …). */
export interface PlanEntity {
  /** The entity's own handle (inside a block: the block definition's entity). */
  h: string;
  /** Index into `layers`. */
  l: number;
  /** Index into `classes`. */
  c: number;
  /** Index into `inserts` of the innermost insert that placed it, or -1 in model space. */
  n: number;
  /** `p` a path (polyline, line, arc… sampled), `h` a hatch (`d` holds its loops one after another). */
  k: 'p' | 'h';
  d: number[];
  /** Closed path; for a hatch, where each loop starts in `d` (in points). */
  z?: 1;
  s?: number[];
}

/** The plan of a drawing as `GET /api/files/{id}/geometry` answers it. */
export interface PlanGeometry {
  version: 1;
  /** Drawing units to metres. */
  metresPerUnit: number;
  origin: Vec2;
  /** Size of one coordinate step in drawing units (a power of ten about 1/100 000 of the drawing). */
  step: number;
  /** Width and height in steps. */
  size: { width: number; height: number };
  layers: string[];
  classes: ElementClass[];
  /** Colour of each class (as in the SVG preview). */
  colours: string[];
  /** Block placements: handle of the INSERT and the index of the insert it sits in (-1: model space). */
  inserts: Array<{ h: string; p: number }>;
  entities: PlanEntity[];
  /** Entities that have geometry but were left out past `maxEntities`. */
  omitted: number;
}

/** Most entities one geometry carries (the preview's limit). */
export const PLAN_GEOMETRY_MAX_ENTITIES = 100_000;

/** Builds the plan geometry of a prepared drawing (arcs sampled every 15°). */
export function renderPlanGeometry(
  p: PreparedDrawing,
  maxEntities = PLAN_GEOMETRY_MAX_ENTITIES,
): PlanGeometry {
  const ext = p.extents ?? { min: { x: 0, y: 0 }, max: { x: 1, y: 1 } };
  const span = Math.max(ext.max.x - ext.min.x, ext.max.y - ext.min.y, 1e-9);
  const exponent = Math.floor(Math.log10(span / 100_000));
  const step = exponent < 0 ? 1 / 10 ** -exponent : 10 ** exponent; // 1/10⁴ is exact where 10⁻⁴ is not
  const q = (v: number, o: number) => Math.round((v - o) / step);
  const push = (out: number[], v: Vec2) => out.push(q(v.x, ext.min.x), q(v.y, ext.min.y));
  const layers = new Index<string>();
  const classes = new Index<ElementClass>();
  const entities: PlanEntity[] = [];
  let omitted = 0;
  for (const e of p.expanded.entities) {
    const g = e.geometry;
    if (g.kind !== 'path' && g.kind !== 'hatch') continue;
    if (g.kind === 'path' && g.vertices.length === 0) continue;
    if (entities.length >= maxEntities) {
      omitted++;
      continue;
    }
    const base = {
      h: e.handle,
      l: layers.of(e.layer),
      c: classes.of(p.classifier.entity(e).elementClass),
      n: e.instance ?? -1,
    };
    const d: number[] = [];
    if (g.kind === 'path') {
      for (const [a, b] of segments(g.vertices, g.closed))
        for (const s of sampleSegment(a, b, a.bulge, Math.PI / 12)) push(d, s);
      const last = g.vertices[g.vertices.length - 1];
      if (!g.closed && last) push(d, last);
      entities.push(g.closed ? { ...base, k: 'p', d, z: 1 } : { ...base, k: 'p', d });
    } else {
      const starts: number[] = [];
      for (const loop of g.loops) {
        starts.push(d.length / 2);
        for (const v of loop) push(d, v);
      }
      entities.push({ ...base, k: 'h', d, s: starts });
    }
  }
  return {
    version: 1,
    metresPerUnit: p.units.metresPerUnit,
    origin: ext.min,
    step,
    size: { width: q(ext.max.x, ext.min.x), height: q(ext.max.y, ext.min.y) },
    layers: layers.values,
    classes: classes.values,
    colours: classes.values.map((c) => CLASS_COLOURS[c]),
    inserts: p.expanded.instances.map((i) => ({ h: i.handle, p: i.parent ?? -1 })),
    entities,
    omitted,
  };
}

/** Values numbered in order of first use. */
class Index<T> {
  readonly values: T[] = [];
  readonly #ids = new Map<T, number>();

  of(value: T): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.#ids.set(value, id);
    }
    return id;
  }
}
