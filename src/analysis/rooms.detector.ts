// Rooms: the holes of the union of the wall bands (door and window gaps closed by their bridges), each
// with its area, perimeter and the label written inside it; flooring, ceiling and baseboard follow.
import { union, type Geom } from 'polyclip-ts';
import type { Vec2 } from './drawing.model.ts';
import type { Opening } from './openings.detector.ts';
import type { WallPiece } from './wall.model.ts';

/** Smallest enclosed region (m²) read as a room; smaller holes are shafts, slivers or drafting gaps. */
export const MIN_ROOM_AREA = 1;
/** Band width (metres) given to single-line walls so that they still enclose rooms. */
const SINGLE_LINE_BAND = 0.02;

/** One room in metres. */
export interface Room {
  name: string | null;
  areaM2: number;
  perimeterM: number;
  /** Widths of the doors in its boundary (deducted from the baseboard). */
  doorWidthsM: number;
  baseboardM: number;
  /** A point inside the room, for the label and the preview. */
  at: Vec2;
}

/** A text in the drawing (metres) that may name a room. */
export interface Label {
  at: Vec2;
  text: string;
  height: number;
}

/** Words that make a text a room name (English, Spanish, French, German, Italian). */
const ROOM_WORDS =
  /\b(hall|kitchen|bed\s*room|bedroom|bath|bathroom|living|dining|room|office|wc|toilet|garage|closet|storage|laundry|foyer|entry|study|porch|corridor|lobby|pantry|cocina|dormitorio|ba[ñn]o|sala|comedor|cuisine|chambre|s[ée]jour|salon|k[üu]che|zimmer|bad|flur|cucina|camera|bagno)\b/i;

/** Texts that name rooms but lie in no room found (the room is not closed by walls). */
export function unplacedRoomLabels(labels: Label[], rooms: Room[]): string[] {
  const named = new Set(rooms.flatMap((r) => (r.name ? [r.name] : [])));
  return labels.filter((l) => ROOM_WORDS.test(l.text) && !named.has(l.text.trim())).map((l) => l.text.trim());
}

/** Finds the rooms enclosed by `walls` (metres), named by the labels inside them. */
export function findRooms(walls: WallPiece[], openings: Opening[], labels: Label[]): Room[] {
  const bands: Geom[] = walls.filter((w) => w.length > 0).map((w) => band(w));
  if (bands.length === 0) return [];
  const merged = unionOf(bands);
  const rooms: Room[] = [];
  for (const poly of merged) {
    for (const hole of poly.slice(1)) {
      const ring = hole.map(([x, y]) => ({ x, y }));
      const areaM2 = Math.abs(signedArea(ring));
      if (areaM2 < MIN_ROOM_AREA) continue;
      const perimeterM = perimeter(ring);
      const doors = openings.filter((o) => o.kind === 'door' && inBoundary(o, walls, ring));
      const doorWidthsM = doors.reduce((s, o) => s + o.width, 0);
      const inside = labels.filter((l) => contains(ring, l.at) && /\p{L}/u.test(l.text));
      const label = inside.sort((a, b) => b.height - a.height)[0];
      rooms.push({
        name: label ? label.text.trim() : null,
        areaM2: round(areaM2),
        perimeterM: round(perimeterM),
        doorWidthsM: round(doorWidthsM),
        baseboardM: round(Math.max(0, perimeterM - doorWidthsM)),
        at: label?.at ?? centroid(ring),
      });
    }
  }
  return rooms.sort((a, b) => b.areaM2 - a.areaM2);
}

/**
 * The union of the bands, built up band by band; coordinates snapped to 0.1 mm so that near-coincident
 * edges from real drafting meet (the sweep line fails on edges a few nanometres apart).
 */
function unionOf(bands: Geom[]): ReturnType<typeof union> {
  const snap = (g: Geom): Geom =>
    (g as Array<Array<[number, number]>>).map((ring) =>
      ring.map(([x, y]) => [Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4] as [number, number]),
    );
  const [first, ...rest] = bands.map(snap);
  return first ? union(first, ...rest) : [];
}

/** The wall's band as a rectangle, run on by half its thickness at each end so junctions close. */
function band(w: WallPiece): Geom {
  const t = w.thickness ?? SINGLE_LINE_BAND;
  const u = { x: (w.end.x - w.start.x) / w.length, y: (w.end.y - w.start.y) / w.length };
  const n = { x: (-u.y * t) / 2, y: (u.x * t) / 2 };
  const run = t / 2 + 0.001;
  const a = { x: w.start.x - u.x * run, y: w.start.y - u.y * run };
  const b = { x: w.end.x + u.x * run, y: w.end.y + u.y * run };
  return [
    [
      [a.x + n.x, a.y + n.y],
      [b.x + n.x, b.y + n.y],
      [b.x - n.x, b.y - n.y],
      [a.x - n.x, a.y - n.y],
      [a.x + n.x, a.y + n.y],
    ],
  ];
}

/** A door is in a room's boundary when the middle of its host wall piece lies on the room's edge. */
function inBoundary(o: Opening, walls: WallPiece[], ring: Vec2[]): boolean {
  const host = o.host === undefined ? undefined : walls[o.host];
  if (!host) return false;
  const mid = { x: (host.start.x + host.end.x) / 2, y: (host.start.y + host.end.y) / 2 };
  const reach = (host.thickness ?? SINGLE_LINE_BAND) / 2 + 0.02;
  let best = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (a && b) best = Math.min(best, pointSegment(mid, a, b));
  }
  return best <= reach;
}

function pointSegment(p: Vec2, a: Vec2, b: Vec2): number {
  const l2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
  const t =
    l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / l2));
  return Math.hypot(p.x - (a.x + t * (b.x - a.x)), p.y - (a.y + t * (b.y - a.y)));
}

function signedArea(ring: Vec2[]): number {
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (a && b) twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

function perimeter(ring: Vec2[]): number {
  let total = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (a && b) total += Math.hypot(b.x - a.x, b.y - a.y);
  }
  return total;
}

function contains(ring: Vec2[], p: Vec2): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a && b && a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}

function centroid(ring: Vec2[]): Vec2 {
  const n = Math.max(ring.length - 1, 1);
  const sx = ring.slice(0, n).reduce((s, p) => s + p.x, 0);
  const sy = ring.slice(0, n).reduce((s, p) => s + p.y, 0);
  return { x: sx / n, y: sy / n };
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
