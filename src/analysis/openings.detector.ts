// Doors and windows: door and window blocks, door swings on any layer (radius → leaf width, two swings
// meeting → a double door) and glazing lines across a wall gap; each matched to the wall it sits in.
import Flatbush from 'flatbush';
import type { ExpandedDrawing } from './block-expander.normalizer.ts';
import type { Vec2 } from './drawing.model.ts';
import type { Swing } from './door-swing.detector.ts';
import type { ElementClassifier } from './element-class.classifier.ts';
import { dist } from './geometry.math.ts';
import { wallHosts } from './opening-host.matcher.ts';
import type { WallPiece } from './wall.model.ts';

/** Opening heights (metres) assumed when the plan gives none. */
export const DEFAULT_OPENING_HEIGHT = { door: 2.1, window: 1.2 };
/** Leaf widths (metres) a swing must have to be a door. */
export const DOOR_LEAF = { min: 0.5, max: 1.6 };

/** Narrowest gap (metres) read as a window from its glazing lines (narrower ones are slots or stair lines). */
const MIN_GLAZED_WIDTH = 0.4;

/** One door or window in metres. */
export interface Opening {
  kind: 'door' | 'window';
  width: number;
  height: number;
  min: Vec2;
  max: Vec2;
  /** Index of the wall piece it sits in, if any. */
  host: number | undefined;
  layer: string;
  block: string | undefined;
  handle: string;
  confidence: number;
  /** How it was found. */
  source: 'block' | 'swing' | 'glazing' | 'sliding' | 'garage';
  /** Two leaves meeting in the middle. */
  double: boolean;
  /** The door's swings in metres (hinge, radius, arc ends), for pairing leaves into double doors. */
  swings: Array<{ center: Vec2; radius: number; ends: [Vec2, Vec2] }>;
}

/**
 * Lines on door and window layers (outside door and window blocks) that lie in no opening found: window
 * bands, sliding or garage doors, or openings drawn another way, for a person to look at.
 */
export function looseOpeningLines(
  expanded: ExpandedDrawing,
  classifier: ElementClassifier,
  mpu: number,
  openings: Opening[],
): { count: number; length: number; handles: string[] } {
  const out = { count: 0, length: 0, handles: [] as string[] };
  for (const e of expanded.entities) {
    const g = e.geometry;
    if (g.kind !== 'path' || e.type !== 'LINE') continue;
    if (e.instance !== undefined && classifier.objectRoot[e.instance] !== undefined) continue;
    const cls = classifier.entity(e).elementClass;
    const [p, q] = g.vertices;
    if ((cls !== 'door' && cls !== 'window') || !p || !q) continue;
    const mid = { x: ((p.x + q.x) / 2) * mpu, y: ((p.y + q.y) / 2) * mpu };
    const inside = openings.some(
      (o) =>
        mid.x >= o.min.x - 0.05 &&
        mid.x <= o.max.x + 0.05 &&
        mid.y >= o.min.y - 0.05 &&
        mid.y <= o.max.y + 0.05,
    );
    if (inside) continue;
    out.count++;
    out.length += dist(p, q) * mpu;
    out.handles.push(e.handle);
  }
  return out;
}

/**
 * Finds the door blocks, swings and glazed windows of a drawing whose unit is `mpu` metres; `walls` are in
 * metres. Sliding and garage doors are found after these (panel-doors.detector.ts).
 */
export function findOpenings(
  expanded: ExpandedDrawing,
  classifier: ElementClassifier,
  swings: readonly Swing[],
  mpu: number,
  walls: WallPiece[],
): Opening[] {
  const scaled = swings
    .map((s) => ({ s, m: scaleSwing(s, mpu) }))
    .filter(({ m }) => m.radius >= DOOR_LEAF.min && m.radius <= DOOR_LEAF.max);
  const byRoot = new Map<number, Array<(typeof scaled)[number]['m']>>();
  const loose: Opening[] = [];
  for (const { s, m } of scaled) {
    const root = s.instance === undefined ? undefined : classifier.objectRoot[s.instance];
    if (root !== undefined) {
      byRoot.set(root, [...(byRoot.get(root) ?? []), m]);
      continue;
    }
    const e = expanded.entities[s.entity];
    const onDoorLayer = e !== undefined && classifier.entity(e).elementClass === 'door';
    if (!onDoorLayer && !s.leaf) continue;
    const box = boxOf([m.center, ...m.ends]);
    loose.push(
      opening('door', m.radius, box, s.layer, undefined, s.handle, onDoorLayer ? 0.7 : 0.6, 'swing', [m]),
    );
  }
  const blocks = blockOpenings(expanded, classifier, mpu, byRoot);
  const doors = pairDoubleDoors([...blocks.filter((o) => o.kind === 'door'), ...loose]);
  const windows = blocks.filter((o) => o.kind === 'window');
  const hostOf = wallHosts(walls);
  const found = [...doors, ...windows].map((o) => ({ ...o, host: hostOf(o) }));
  return [...found, ...glazingWindows(expanded, classifier, mpu, walls, found)];
}

function blockOpenings(
  expanded: ExpandedDrawing,
  classifier: ElementClassifier,
  mpu: number,
  swingsOf: Map<number, Opening['swings']>,
): Opening[] {
  const boxes = new Map<number, Vec2[]>();
  for (const e of expanded.entities) {
    const root = e.instance === undefined ? undefined : classifier.objectRoot[e.instance];
    if (root === undefined || e.geometry.kind !== 'path') continue;
    const list = boxes.get(root) ?? [];
    for (const v of e.geometry.vertices) list.push({ x: v.x * mpu, y: v.y * mpu });
    boxes.set(root, list);
  }
  const out: Opening[] = [];
  for (const [root, points] of boxes) {
    const cls = classifier.instanceClass[root];
    const inst = expanded.instances[root];
    if (!cls || !inst || (cls.elementClass !== 'door' && cls.elementClass !== 'window')) continue;
    const box = boxOf(points);
    const side = Math.max(box.max.x - box.min.x, box.max.y - box.min.y);
    const swings = cls.elementClass === 'door' ? (swingsOf.get(root) ?? []) : [];
    const leaves = pairDoubleDoors(
      swings.map((m) => opening('door', m.radius, box, '', undefined, '', 0, 'swing', [m])),
    );
    const leaf = leaves.reduce<Opening | undefined>(
      (best, o) => (best && best.width >= o.width ? best : o),
      undefined,
    );
    const width = leaf ? leaf.width : side;
    const o = opening(
      cls.elementClass,
      width,
      box,
      inst.layer,
      inst.block,
      inst.handle,
      cls.confidence,
      'block',
      swings,
    );
    out.push({ ...o, double: leaf?.double ?? false });
  }
  return out;
}

/**
 * Two single doors whose swings meet (an arc end of one within a quarter radius of an arc end of the
 * other) with hinges about two leaves apart are one double door, as wide as both leaves.
 */
function pairDoubleDoors(doors: Opening[]): Opening[] {
  const partners = swingCenters(doors);
  const used = new Set<number>();
  const out: Opening[] = [];
  doors.forEach((a, i) => {
    if (used.has(i)) return;
    const sa = singleSwing(a);
    // a partner's hinge is about ra + rb away, and rb is within 25 % of the larger radius: at most ~2.7 ra
    const near =
      sa && partners
        ? partners.index
            .neighbors(sa.center.x, sa.center.y, PARTNER_CANDIDATES, 2.7 * sa.radius)
            .map((n) => partners.door[n]!)
        : [];
    const j = Math.min(
      Infinity,
      ...near.filter((k) => {
        const b = doors[k];
        const sb = b && singleSwing(b);
        if (!sa || !sb || k <= i || used.has(k) || a.double || b.double) return false;
        const r = Math.max(sa.radius, sb.radius);
        const meet = sa.ends.some((p) => sb.ends.some((q) => dist(p, q) <= 0.25 * r));
        const span = dist(sa.center, sb.center) / (sa.radius + sb.radius);
        return Math.abs(sa.radius - sb.radius) <= 0.25 * r && meet && span >= 0.9 && span <= 1.15;
      }),
    );
    const b = Number.isFinite(j) ? doors[j] : undefined;
    if (!b) {
      out.push(a);
      return;
    }
    used.add(j);
    const box = boxOf([a.min, a.max, b.min, b.max]);
    out.push({
      ...a,
      width: a.width + b.width,
      min: box.min,
      max: box.max,
      double: true,
      swings: [...a.swings, ...b.swings],
    });
  });
  return out;
}

/** A door drawn with one swing: the leaf a double door pairs with another. */
function singleSwing(door: Opening): Opening['swings'][number] | undefined {
  return door.swings.length === 1 ? door.swings[0] : undefined;
}

/** The hinges of the doors with one swing, indexed, with each entry's door. */
function swingCenters(doors: Opening[]): { index: Flatbush; door: number[] } | undefined {
  const door = doors.flatMap((d, i) => (singleSwing(d) ? [i] : []));
  if (door.length === 0) return undefined;
  const index = new Flatbush(door.length);
  for (const i of door) {
    const at = singleSwing(doors[i]!)!.center;
    index.add(at.x, at.y, at.x, at.y);
  }
  index.finish();
  return { index, door };
}

/** The nearest doors looked at as the other leaf of a double door. */
const PARTNER_CANDIDATES = 32;

/** Windows drawn as two or more thin lines parallel to a bridged wall gap, across most of it. */
function glazingWindows(
  expanded: ExpandedDrawing,
  classifier: ElementClassifier,
  mpu: number,
  walls: WallPiece[],
  found: Opening[],
): Opening[] {
  const gaps = walls.flatMap((w, i) => (w.gap && !found.some((o) => o.host === i) ? [i] : []));
  if (gaps.length === 0) return [];
  const lines: Array<{ p: Vec2; q: Vec2; layer: string; handle: string }> = [];
  for (const e of expanded.entities) {
    const g = e.geometry;
    const cls = classifier.entity(e).elementClass;
    // Lines on door layers across a gap are door panels (panel-doors.detector.ts), not glazing.
    if (g.kind !== 'path' || e.type !== 'LINE' || cls === 'wall' || cls === 'door') continue;
    const [p, q] = g.vertices;
    if (p && q)
      lines.push({
        p: { x: p.x * mpu, y: p.y * mpu },
        q: { x: q.x * mpu, y: q.y * mpu },
        layer: e.layer,
        handle: e.handle,
      });
  }
  if (lines.length === 0) return [];
  const index = new Flatbush(lines.length);
  for (const l of lines)
    index.add(Math.min(l.p.x, l.q.x), Math.min(l.p.y, l.q.y), Math.max(l.p.x, l.q.x), Math.max(l.p.y, l.q.y));
  index.finish();
  const out: Opening[] = [];
  for (const i of gaps) {
    const w = walls[i];
    if (!w || w.length <= 0) continue;
    const u = { x: (w.end.x - w.start.x) / w.length, y: (w.end.y - w.start.y) / w.length };
    const band = (w.thickness ?? 0) / 2 + 0.02;
    const box = boxOf([w.start, w.end]);
    const across = (v: Vec2): number => Math.abs((v.x - w.start.x) * u.y - (v.y - w.start.y) * u.x);
    const along = (v: Vec2): number => (v.x - w.start.x) * u.x + (v.y - w.start.y) * u.y;
    const glazing = index
      .search(box.min.x - band, box.min.y - band, box.max.x + band, box.max.y + band)
      .flatMap((k) => {
        const l = lines[k];
        if (!l || across(l.p) > band || across(l.q) > band) return [];
        const [s, t] = [along(l.p), along(l.q)].sort((a, b) => a - b) as [number, number];
        return Math.min(t, w.length) - Math.max(s, 0) >= 0.8 * w.length ? [l] : [];
      });
    const first = glazing[0];
    if (glazing.length < 2 || !first || w.length < MIN_GLAZED_WIDTH) continue;
    out.push({
      ...opening('window', w.length, box, first.layer, undefined, first.handle, 0.6, 'glazing', []),
      host: i,
    });
  }
  return out;
}

function scaleSwing(s: Swing, mpu: number): Opening['swings'][number] {
  const k = (v: Vec2): Vec2 => ({ x: v.x * mpu, y: v.y * mpu });
  return { center: k(s.center), radius: s.radius * mpu, ends: [k(s.ends[0]), k(s.ends[1])] };
}

function boxOf(points: Vec2[]): { min: Vec2; max: Vec2 } {
  const min = { x: Infinity, y: Infinity };
  const max = { x: -Infinity, y: -Infinity };
  for (const p of points) {
    min.x = Math.min(min.x, p.x);
    min.y = Math.min(min.y, p.y);
    max.x = Math.max(max.x, p.x);
    max.y = Math.max(max.y, p.y);
  }
  return { min, max };
}

function opening(
  kind: 'door' | 'window',
  width: number,
  box: { min: Vec2; max: Vec2 },
  layer: string,
  block: string | undefined,
  handle: string,
  confidence: number,
  source: Opening['source'],
  swings: Opening['swings'],
): Opening {
  return {
    kind,
    width,
    height: DEFAULT_OPENING_HEIGHT[kind],
    min: box.min,
    max: box.max,
    host: undefined,
    layer,
    block,
    handle,
    confidence,
    source,
    double: false,
    swings,
  };
}
