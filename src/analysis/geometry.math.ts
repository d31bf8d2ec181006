// Plane geometry on bulge paths: arcs stay exact under similarity transforms, other curves are sampled.
import type { BulgeVertex, Vec2 } from './drawing.model.ts';

/** 2D affine map: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/** The identity map. */
export const IDENTITY: Affine = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 };

const TAU = 2 * Math.PI;

/** `outer ∘ inner`: apply `inner` first. */
export function compose(outer: Affine, inner: Affine): Affine {
  return {
    a: outer.a * inner.a + outer.c * inner.b,
    b: outer.b * inner.a + outer.d * inner.b,
    c: outer.a * inner.c + outer.c * inner.d,
    d: outer.b * inner.c + outer.d * inner.d,
    e: outer.a * inner.e + outer.c * inner.f + outer.e,
    f: outer.b * inner.e + outer.d * inner.f + outer.f,
  };
}

/** Applies `m` to a point. */
export function apply(m: Affine, p: Vec2): Vec2 {
  return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
}

/** Determinant (negative when the map mirrors). */
export function det(m: Affine): number {
  return m.a * m.d - m.b * m.c;
}

/** Uniform scale factor when `m` is a similarity (rotation/mirror + uniform scale), else undefined. */
export function similarityScale(m: Affine): number | undefined {
  const sx = Math.hypot(m.a, m.b);
  const sy = Math.hypot(m.c, m.d);
  const dot = m.a * m.c + m.b * m.d;
  if (sx === 0 || Math.abs(sx - sy) > 1e-9 * sx || Math.abs(dot) > 1e-9 * sx * sy) return undefined;
  return sx;
}

/** Translation, then rotation, then scale (the INSERT order, read right to left). */
export function trs(tx: number, ty: number, rotation: number, sx: number, sy: number): Affine {
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  return { a: cos * sx, b: sin * sx, c: -sin * sy, d: cos * sy, e: tx, f: ty };
}

/** Distance between two points. */
export function dist(p: Vec2, q: Vec2): number {
  return Math.hypot(q.x - p.x, q.y - p.y);
}

/** Sweep of a counter-clockwise arc from `start` to `end`, in (0, 2π]. */
export function ccwSweep(start: number, end: number): number {
  const s = (((end - start) % TAU) + TAU) % TAU;
  return s < 1e-12 ? TAU : s;
}

/** A counter-clockwise arc as a two-vertex bulge path (a full circle as two half circles). */
export function arcVertices(center: Vec2, radius: number, start: number, end: number): BulgeVertex[] {
  const sweep = ccwSweep(start, end);
  const at = (t: number): Vec2 => ({
    x: center.x + radius * Math.cos(t),
    y: center.y + radius * Math.sin(t),
  });
  if (sweep >= TAU - 1e-12) {
    return [
      { ...at(start), bulge: 1 },
      { ...at(start + Math.PI), bulge: 1 },
    ];
  }
  return [
    { ...at(start), bulge: Math.tan(sweep / 4) },
    { ...at(end), bulge: 0 },
  ];
}

/** Length of the segment from `p` to `q` with bulge `bulge`. */
export function segmentLength(p: Vec2, q: Vec2, bulge: number): number {
  const chord = dist(p, q);
  if (bulge === 0 || chord === 0) return chord;
  const theta = 4 * Math.atan(Math.abs(bulge));
  return (chord / (2 * Math.sin(theta / 2))) * theta;
}

/** Iterates the segments of a path (closing it when `closed`). */
export function* segments(
  vertices: readonly BulgeVertex[],
  closed: boolean,
): Generator<[BulgeVertex, BulgeVertex]> {
  const n = vertices.length;
  const last = closed ? n : n - 1;
  for (let i = 0; i < last; i++) {
    const p = vertices[i];
    const q = vertices[(i + 1) % n];
    if (p && q) yield [p, q];
  }
}

/** Length of a bulge path. */
export function pathLength(vertices: readonly BulgeVertex[], closed: boolean): number {
  let total = 0;
  for (const [p, q] of segments(vertices, closed)) total += segmentLength(p, q, p.bulge);
  return total;
}

/** Enclosed area of a closed bulge path (absolute value; arcs add or cut their circular segments). */
export function pathArea(vertices: readonly BulgeVertex[]): number {
  let twice = 0;
  let arcs = 0;
  for (const [p, q] of segments(vertices, true)) {
    twice += p.x * q.y - q.x * p.y;
    if (p.bulge !== 0) {
      const theta = 4 * Math.atan(Math.abs(p.bulge));
      const r = dist(p, q) / (2 * Math.sin(theta / 2));
      arcs += Math.sign(p.bulge) * ((r * r) / 2) * (theta - Math.sin(theta));
    }
  }
  return Math.abs(twice / 2 + arcs);
}

/** Area of a polygon given by points. */
export function polygonArea(points: readonly Vec2[]): number {
  return pathArea(points.map((p) => ({ x: p.x, y: p.y, bulge: 0 })));
}

/** Samples the arc of a bulge segment (excluding the end point); `maxStep` is the largest angle per sample. */
export function sampleSegment(p: Vec2, q: Vec2, bulge: number, maxStep = Math.PI / 36): Vec2[] {
  if (bulge === 0) return [{ x: p.x, y: p.y }];
  const theta = 4 * Math.atan(bulge);
  const chord = dist(p, q);
  if (chord === 0) return [{ x: p.x, y: p.y }];
  const r = chord / (2 * Math.sin(Math.abs(theta) / 2));
  const mx = (p.x + q.x) / 2;
  const my = (p.y + q.y) / 2;
  // Centre lies on the chord's normal; its side depends on the arc direction and size.
  const h = Math.sqrt(Math.max(0, r * r - (chord / 2) ** 2)) * (Math.abs(theta) > Math.PI ? -1 : 1);
  const nx = -(q.y - p.y) / chord;
  const ny = (q.x - p.x) / chord;
  const side = theta > 0 ? 1 : -1;
  const cx = mx + side * h * nx;
  const cy = my + side * h * ny;
  const a0 = Math.atan2(p.y - cy, p.x - cx);
  const steps = Math.max(2, Math.ceil(Math.abs(theta) / maxStep));
  const out: Vec2[] = [];
  for (let i = 0; i < steps; i++) {
    const t = a0 + (theta * i) / steps;
    out.push({ x: cx + r * Math.cos(t), y: cy + r * Math.sin(t) });
  }
  return out;
}

/** Replaces every arc of a path by straight samples (used before non-uniform transforms). */
export function flattenPath(vertices: readonly BulgeVertex[], closed: boolean): BulgeVertex[] {
  const out: BulgeVertex[] = [];
  for (const [p, q] of segments(vertices, closed)) {
    for (const s of sampleSegment(p, q, p.bulge)) out.push({ ...s, bulge: 0 });
  }
  const last = vertices[vertices.length - 1];
  if (!closed && last) out.push({ x: last.x, y: last.y, bulge: 0 });
  return out;
}

/** Transforms a bulge path; arcs survive similarities (mirrors flip the bulge), otherwise they are sampled. */
export function transformPath(m: Affine, vertices: readonly BulgeVertex[], closed: boolean): BulgeVertex[] {
  // Model-space entities are placed by the identity: their vertices are shared, not copied (a dense PDF
  // page has hundreds of thousands of them). Placed paths are never modified.
  if (m.a === 1 && m.b === 0 && m.c === 0 && m.d === 1 && m.e === 0 && m.f === 0)
    return vertices as BulgeVertex[];
  const hasArc = vertices.some((v) => v.bulge !== 0);
  const source = hasArc && similarityScale(m) === undefined ? flattenPath(vertices, closed) : vertices;
  const flip = det(m) < 0 ? -1 : 1;
  return source.map((v) => ({ ...apply(m, v), bulge: v.bulge * flip }));
}

/** Points of an elliptical arc, from parameter `start` to `end` counter-clockwise (end included). */
export function ellipsePoints(center: Vec2, major: Vec2, ratio: number, start: number, end: number): Vec2[] {
  const sweep = ccwSweep(start, end);
  const minor = { x: -major.y * ratio, y: major.x * ratio };
  const steps = Math.max(8, Math.ceil((sweep / TAU) * 256));
  const out: Vec2[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = start + (sweep * i) / steps;
    const c = Math.cos(t);
    const s = Math.sin(t);
    out.push({ x: center.x + major.x * c + minor.x * s, y: center.y + major.y * c + minor.y * s });
  }
  return out;
}
