// Doors with no swing: sliding doors (two or more panels side by side across a wall gap) and garage doors
// (one panel across the whole gap, up to 6 m wide), drawn as lines or thin rectangles on a door layer.
import Flatbush from 'flatbush';
import type { ExpandedDrawing } from './block-expander.normalizer.ts';
import type { Vec2 } from './drawing.model.ts';
import type { ElementClassifier } from './element-class.classifier.ts';
import { segments } from './geometry.math.ts';
import { DEFAULT_OPENING_HEIGHT, type Opening } from './openings.detector.ts';
import { gapsBetween, MAX_OPENING_GAP } from './wall-gaps.detector.ts';
import type { WallPiece } from './wall.model.ts';

/** Widest wall gap (metres) read as a garage door when a door panel spans it. */
export const MAX_GARAGE_DOOR = 6;
/** Narrowest gap (metres) read as a sliding or garage door. */
const MIN_PANEL_DOOR = 0.6;
/** Share of the gap the panels must cover together (sliding) or one panel alone (garage). */
const COVER = { panels: 0.8, single: 0.9 };
/** Garage doors are at least this wide (metres); a single panel across a narrower gap is a sliding door. */
const MIN_GARAGE_DOOR = 2.1;

/** A straight piece of a line on a door layer, in metres. */
interface PanelEdge {
  p: Vec2;
  q: Vec2;
  layer: string;
  handle: string;
}

/**
 * Finds sliding and garage doors. Method: every bridged wall gap with no opening yet, and every gap of
 * 2.5–6 m between collinear wall pieces (bridged here), is checked for edges on door layers lying in the
 * wall band and parallel to it: one edge across ≥ 90 % of a gap of at least 2.1 m is a garage door;
 * edges that together cover ≥ 80 % (panels side by side or overlapping) are a sliding door. Returns the
 * doors, hosted by their gap, and the new bridges (appended to `walls`, so hosts index walls ++ bridges).
 */
export function panelDoors(
  expanded: ExpandedDrawing,
  classifier: ElementClassifier,
  mpu: number,
  walls: WallPiece[],
  found: Opening[],
): { doors: Opening[]; bridges: WallPiece[] } {
  const edges = doorEdges(expanded, classifier, mpu);
  if (edges.length === 0) return { doors: [], bridges: [] };
  const index = new Flatbush(edges.length);
  for (const e of edges)
    index.add(Math.min(e.p.x, e.q.x), Math.min(e.p.y, e.q.y), Math.max(e.p.x, e.q.x), Math.max(e.p.y, e.q.y));
  index.finish();
  const hosted = new Set(found.flatMap((o) => (o.host === undefined ? [] : [o.host])));
  const doors: Opening[] = [];
  walls.forEach((w, i) => {
    if (!w.gap || hosted.has(i)) return;
    const door = doorIn(w, edges, index, false);
    if (door) doors.push({ ...door, host: i });
  });
  const bridges: WallPiece[] = [];
  for (const wide of gapsBetween(walls, MAX_OPENING_GAP, MAX_GARAGE_DOOR)) {
    const door = doorIn(wide, edges, index, true);
    if (!door) continue;
    doors.push({ ...door, host: walls.length + bridges.length });
    bridges.push(wide);
  }
  return { doors, bridges };
}

function doorIn(
  gap: WallPiece,
  edges: PanelEdge[],
  index: Flatbush,
  garageOnly: boolean,
): Omit<Opening, 'host'> | undefined {
  const length = gap.length;
  if (length < MIN_PANEL_DOOR) return undefined;
  const u = { x: (gap.end.x - gap.start.x) / length, y: (gap.end.y - gap.start.y) / length };
  const band = (gap.thickness ?? 0) / 2 + 0.02;
  const across = (v: Vec2): number => Math.abs((v.x - gap.start.x) * u.y - (v.y - gap.start.y) * u.x);
  const along = (v: Vec2): number => (v.x - gap.start.x) * u.x + (v.y - gap.start.y) * u.y;
  const min = { x: Math.min(gap.start.x, gap.end.x) - band, y: Math.min(gap.start.y, gap.end.y) - band };
  const max = { x: Math.max(gap.start.x, gap.end.x) + band, y: Math.max(gap.start.y, gap.end.y) + band };
  const spans = index.search(min.x, min.y, max.x, max.y).flatMap((k) => {
    const e = edges[k];
    if (!e || across(e.p) > band || across(e.q) > band) return [];
    const [s, t] = [along(e.p), along(e.q)].sort((a, b) => a - b) as [number, number];
    const from = Math.max(s, 0);
    const to = Math.min(t, length);
    return to - from > 0.05 ? [{ from, to, e }] : [];
  });
  const first = spans[0];
  if (!first) return undefined;
  const single = spans.find((s) => s.to - s.from >= COVER.single * length);
  const kind = single && length >= MIN_GARAGE_DOOR ? 'garage' : 'sliding';
  if (garageOnly && kind !== 'garage') return undefined;
  if (kind === 'sliding' && (spans.length < 2 || covered(spans) < COVER.panels * length)) return undefined;
  const e = (single ?? first).e;
  return {
    kind: 'door',
    width: length,
    height: DEFAULT_OPENING_HEIGHT.door,
    min,
    max,
    layer: e.layer,
    block: undefined,
    handle: e.handle,
    confidence: 0.65,
    source: kind,
    double: false,
    swings: [],
  };
}

/** Length of the union of intervals. */
function covered(spans: Array<{ from: number; to: number }>): number {
  let total = 0;
  let end = -Infinity;
  for (const s of [...spans].sort((a, b) => a.from - b.from)) {
    if (s.to <= end) continue;
    total += s.to - Math.max(s.from, end);
    end = s.to;
  }
  return total;
}

/** Straight edges of the lines and polylines on door layers that are not part of a door or window block. */
function doorEdges(expanded: ExpandedDrawing, classifier: ElementClassifier, mpu: number): PanelEdge[] {
  const out: PanelEdge[] = [];
  for (const e of expanded.entities) {
    const g = e.geometry;
    if (g.kind !== 'path' || !['LINE', 'LWPOLYLINE', 'POLYLINE'].includes(e.type)) continue;
    if (e.instance !== undefined && classifier.objectRoot[e.instance] !== undefined) continue;
    if (classifier.entity(e).elementClass !== 'door') continue;
    for (const [p, q] of segments(g.vertices, g.closed))
      if (p.bulge === 0)
        out.push({
          p: { x: p.x * mpu, y: p.y * mpu },
          q: { x: q.x * mpu, y: q.y * mpu },
          layer: e.layer,
          handle: e.handle,
        });
  }
  return out;
}
