// Door swings in drawing units: quarter arcs, with the leaf line drawn from the hinge, whatever the layer.
import Flatbush from 'flatbush';
import type { ExpandedDrawing, PlacedEntity } from './block-expander.normalizer.ts';
import type { BulgeVertex, Vec2 } from './drawing.model.ts';
import { dist } from './geometry.math.ts';

/** Sweep (radians) of an arc read as a door swing: a door opened 75–105°. */
export const SWING_SWEEP = { min: (75 * Math.PI) / 180, max: (105 * Math.PI) / 180 };
/** Endpoints looked at around a swing's hinge for its leaf line (nearest first). */
const HINGE_CANDIDATES = 32;

/** A door swing arc in drawing units; `leaf` is the far end of the leaf line when one is drawn. */
export interface Swing {
  entity: number;
  center: Vec2;
  radius: number;
  sweep: number;
  /** The arc's ends: one is the closed leaf's tip (on the wall line), the other the open leaf's tip. */
  ends: [Vec2, Vec2];
  leaf: Vec2 | undefined;
  layer: string;
  handle: string;
  instance: number | undefined;
}

/** The circle of a single bulge segment from `p` to `q`. */
export function bulgeArc(
  p: BulgeVertex,
  q: Vec2,
): { center: Vec2; radius: number; sweep: number } | undefined {
  if (p.bulge === 0) return undefined;
  const sweep = 4 * Math.atan(Math.abs(p.bulge));
  const chord = dist(p, q);
  if (chord === 0) return undefined;
  const radius = chord / (2 * Math.sin(sweep / 2));
  const mid = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
  const h = radius * Math.cos(sweep / 2) * Math.sign(p.bulge);
  const center = { x: mid.x - (h * (q.y - p.y)) / chord, y: mid.y + (h * (q.x - p.x)) / chord };
  return { center, radius, sweep };
}

/**
 * Every arc of 75–105°, with its leaf: a straight segment from the arc's centre to one of its ends
 * (within 3 % of the radius), found through a spatial index over segment ends. An arc with a leaf is
 * a door on any layer; an arc without one is a door only where the layer or block says so.
 */
export function findSwings(expanded: ExpandedDrawing): Swing[] {
  const swings: Swing[] = [];
  const straight: Array<[Vec2, Vec2]> = [];
  expanded.entities.forEach((e, i) => {
    const g = e.geometry;
    if (g.kind !== 'path' || e.is3d) return;
    if (e.type === 'ARC' && g.vertices.length === 2) {
      const swing = swingOf(e, i, g.vertices);
      if (swing) swings.push(swing);
      return;
    }
    const v = g.vertices;
    for (let k = 0; k + 1 < v.length; k++) {
      const p = v[k];
      const q = v[k + 1];
      if (p && q && p.bulge === 0) straight.push([p, q]);
    }
  });
  if (swings.length === 0 || straight.length === 0) return swings;
  const index = new Flatbush(straight.length * 2);
  for (const [p, q] of straight) {
    index.add(p.x, p.y, p.x, p.y);
    index.add(q.x, q.y, q.x, q.y);
  }
  index.finish();
  for (const s of swings) {
    const tol = 0.03 * s.radius;
    // The nearest few endpoints at the hinge only: a hinge joins a handful of lines, while a hostile drawing can
    // stack thousands of endpoints (and swings) on one point, which made the search quadratic.
    for (const hit of index.neighbors(s.center.x, s.center.y, HINGE_CANDIDATES, tol)) {
      const seg = straight[hit >> 1];
      if (!seg) continue;
      const far = hit % 2 === 0 ? seg[1] : seg[0];
      if (Math.abs(dist(s.center, far) - s.radius) > tol) continue;
      if (s.ends.some((end) => dist(end, far) <= 2 * tol)) {
        s.leaf = far;
        break;
      }
    }
  }
  return swings;
}

function swingOf(e: PlacedEntity, entity: number, v: BulgeVertex[]): Swing | undefined {
  const [p, q] = v;
  if (!p || !q) return undefined;
  const arc = bulgeArc(p, q);
  if (!arc || arc.sweep < SWING_SWEEP.min || arc.sweep > SWING_SWEEP.max) return undefined;
  return {
    entity,
    center: arc.center,
    radius: arc.radius,
    sweep: arc.sweep,
    ends: [
      { x: p.x, y: p.y },
      { x: q.x, y: q.y },
    ],
    leaf: undefined,
    layer: e.layer,
    handle: e.handle,
    instance: e.instance,
  };
}
