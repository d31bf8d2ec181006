// Walls drawn as two parallel face lines → centre lines with thickness; lone lines are single-line walls.
import Flatbush from 'flatbush';
import type { Vec2 } from './drawing.model.ts';
import { bridgeGaps } from './wall-gaps.detector.ts';
import type { FaceSegment, WallPiece } from './wall.model.ts';

/** Thickness range (metres) in which two parallel lines are read as the faces of one wall. */
export const WALL_THICKNESS = { min: 0.05, max: 0.6 };
const PARALLEL_SIN = Math.sin((1.5 * Math.PI) / 180);
/** Free stretches shorter than this are jamb returns, corner caps or leftovers, not walls. */
const MIN_SINGLE_WALL = 0.6;

interface Candidate {
  i: number;
  j: number;
  distance: number;
  /** Overlap on segment i's axis, as parameters along i (metres from i.a). */
  from: number;
  to: number;
}

/**
 * Pairs face segments. Method: candidate pairs, found through a spatial index, are parallel (±1.5°), 0.05–0.6 m apart and overlap
 * along their direction; the closest pairs are taken first, each stretch of a face used once. A pair's
 * centre-line length is the overlap plus half of each end where one face runs on by no more than
 * 1.5 × the thickness (the corner of an L or the end of a ring), so a closed double-line ring gives
 * exactly its centre-line perimeter. What is left of a face longer than 0.6 m is a single-line wall.
 * Walls then continue through openings (see wall-gaps.detector.ts).
 */
export function pairWalls(faces: FaceSegment[]): WallPiece[] {
  const candidates = findCandidates(faces);
  candidates.sort((p, q) => p.distance - q.distance || q.to - q.from - (p.to - p.from));
  const used: Array<Array<[number, number]>> = faces.map(() => []);
  const pieces: WallPiece[] = [];
  for (const c of candidates) {
    const fi = faces[c.i];
    const fj = faces[c.j];
    if (!fi || !fj) continue;
    const li = dist(fi.a, fi.b);
    const lj = dist(fj.a, fj.b);
    // Project j's ends onto i's axis to know j's own interval.
    const [j0, j1] = sorted(param(fi, fj.a), param(fi, fj.b));
    if (
      overlapsUsed(used[c.i], c.from, c.to) ||
      overlapsUsed(used[c.j], param(fj, at(fi, c.from)), param(fj, at(fi, c.to)))
    )
      continue;
    const limit = 1.5 * c.distance;
    const headI = c.from;
    const tailI = li - c.to;
    const headJ = c.from - j0;
    const tailJ = j1 - c.to;
    const head = Math.max(headI <= limit ? headI : 0, headJ <= limit ? headJ : 0);
    const tail = Math.max(tailI <= limit ? tailI : 0, tailJ <= limit ? tailJ : 0);
    const from = c.from - head / 2;
    const to = c.to + tail / 2;
    markUsed(
      used[c.i],
      Math.max(0, c.from - (headI <= limit ? headI : 0)),
      Math.min(li, c.to + (tailI <= limit ? tailI : 0)),
    );
    const jFrom = param(fj, at(fi, c.from - (headJ <= limit ? headJ : 0)));
    const jTo = param(fj, at(fi, c.to + (tailJ <= limit ? tailJ : 0)));
    markUsed(used[c.j], Math.max(0, Math.min(jFrom, jTo)), Math.min(lj, Math.max(jFrom, jTo)));
    const offset = signedOffset(fi, fj.a) / 2;
    const n = normal(fi);
    const shift = (p: Vec2): Vec2 => ({ x: p.x + n.x * offset, y: p.y + n.y * offset });
    pieces.push({
      start: shift(at(fi, from)),
      end: shift(at(fi, to)),
      length: to - from,
      // To the millimetre: drafting noise must not split one wall type in two.
      thickness: Math.round(c.distance * 1000) / 1000,
      layers: unique([fi.layer, fj.layer]),
      handles: unique([fi.handle, fj.handle]),
      gap: false,
    });
  }
  faces.forEach((f, i) => {
    for (const [s, e] of freeStretches(used[i] ?? [], dist(f.a, f.b))) {
      if (e - s < MIN_SINGLE_WALL) continue;
      pieces.push({
        start: at(f, s),
        end: at(f, e),
        length: e - s,
        thickness: undefined,
        layers: [f.layer],
        handles: [f.handle],
        gap: false,
      });
    }
  });
  return bridgeGaps(pieces);
}

/** Most faces one face is compared with; bounds the work on pathological input (thousands of collinear lines). */
const MAX_COMPARISONS = 400;

/**
 * Candidate pairs through a spatial index (flatbush over the faces' boxes): each face is compared only
 * with the faces whose boxes come within the thickest wall of its own, nearest boxes first.
 */
function findCandidates(faces: FaceSegment[]): Candidate[] {
  // A face shorter than the thinnest wall cannot overlap its partner by more than the gap.
  const usable = faces.flatMap((f, i) => (dist(f.a, f.b) > WALL_THICKNESS.min ? [i] : []));
  if (usable.length < 2) return [];
  const index = new Flatbush(usable.length);
  for (const i of usable) {
    const f = faces[i] as FaceSegment;
    index.add(Math.min(f.a.x, f.b.x), Math.min(f.a.y, f.b.y), Math.max(f.a.x, f.b.x), Math.max(f.a.y, f.b.y));
  }
  index.finish();
  const out: Candidate[] = [];
  const reach = WALL_THICKNESS.max;
  usable.forEach((i, k) => {
    const f = faces[i] as FaceSegment;
    const hits = index
      .search(
        Math.min(f.a.x, f.b.x) - reach,
        Math.min(f.a.y, f.b.y) - reach,
        Math.max(f.a.x, f.b.x) + reach,
        Math.max(f.a.y, f.b.y) + reach,
        (h) => h > k,
      )
      .filter((h) => isParallel(f, faces[usable[h] ?? -1] as FaceSegment));
    if (hits.length > MAX_COMPARISONS) {
      // Keep the nearest across: a real partner lies within a wall thickness of the face's line.
      hits.sort((p, q) => offsetFrom(f, faces[usable[p] ?? -1]) - offsetFrom(f, faces[usable[q] ?? -1]));
      hits.length = MAX_COMPARISONS;
    }
    for (const h of hits) {
      const j = usable[h] ?? -1;
      const c = candidate(faces, Math.min(i, j), Math.max(i, j));
      if (c) out.push(c);
    }
  });
  return out;
}

function offsetFrom(f: FaceSegment, g: FaceSegment | undefined): number {
  return g ? Math.abs(signedOffset(f, g.a)) : Infinity;
}

function candidate(faces: FaceSegment[], i: number, j: number): Candidate | undefined {
  const fi = faces[i];
  const fj = faces[j];
  if (!fi || !fj || i === j || !isParallel(fi, fj)) return undefined;
  const li = dist(fi.a, fi.b);
  if (li === 0) return undefined;
  const d = Math.abs(signedOffset(fi, fj.a));
  if (
    d < WALL_THICKNESS.min ||
    d > WALL_THICKNESS.max ||
    Math.abs(Math.abs(signedOffset(fi, fj.b)) - d) > 0.01
  )
    return undefined;
  const [p0, p1] = sorted(param(fi, fj.a), param(fi, fj.b));
  const from = Math.max(0, p0);
  const to = Math.min(li, p1);
  return to - from > d ? { i, j, distance: d, from, to } : undefined;
}

function isParallel(p: FaceSegment, q: FaceSegment): boolean {
  const ux = p.b.x - p.a.x;
  const uy = p.b.y - p.a.y;
  const vx = q.b.x - q.a.x;
  const vy = q.b.y - q.a.y;
  return Math.abs(ux * vy - uy * vx) <= PARALLEL_SIN * Math.hypot(ux, uy) * Math.hypot(vx, vy);
}

function dist(p: Vec2, q: Vec2): number {
  return Math.hypot(q.x - p.x, q.y - p.y);
}

function normal(f: FaceSegment): Vec2 {
  const l = dist(f.a, f.b) || 1;
  return { x: -(f.b.y - f.a.y) / l, y: (f.b.x - f.a.x) / l };
}

function signedOffset(f: FaceSegment, p: Vec2): number {
  const n = normal(f);
  return (p.x - f.a.x) * n.x + (p.y - f.a.y) * n.y;
}

function param(f: FaceSegment, p: Vec2): number {
  const l = dist(f.a, f.b) || 1;
  return ((p.x - f.a.x) * (f.b.x - f.a.x) + (p.y - f.a.y) * (f.b.y - f.a.y)) / l;
}

function at(f: FaceSegment, t: number): Vec2 {
  const l = dist(f.a, f.b) || 1;
  return { x: f.a.x + ((f.b.x - f.a.x) * t) / l, y: f.a.y + ((f.b.y - f.a.y) * t) / l };
}

function sorted(a: number, b: number): [number, number] {
  return a <= b ? [a, b] : [b, a];
}

function overlapsUsed(used: Array<[number, number]> | undefined, a: number, b: number): boolean {
  const [s, e] = sorted(a, b);
  return (used ?? []).some(([us, ue]) => Math.min(e, ue) - Math.max(s, us) > 0.01);
}

function markUsed(used: Array<[number, number]> | undefined, s: number, e: number): void {
  used?.push([s, e]);
}

function freeStretches(used: Array<[number, number]>, length: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cursor = 0;
  for (const [s, e] of [...used].sort((p, q) => p[0] - q[0])) {
    if (s > cursor) out.push([cursor, s]);
    cursor = Math.max(cursor, e);
  }
  if (cursor < length) out.push([cursor, length]);
  return out;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
