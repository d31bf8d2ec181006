// Walls continue through openings: a short gap between two collinear wall pieces of equal thickness is
// wall too (the door or window in it is deducted from the area), and a lone face line across it is not a wall.
import type { Vec2 } from './drawing.model.ts';
import type { WallPiece } from './wall.model.ts';

/** Longest gap (metres) bridged as an opening. */
export const MAX_OPENING_GAP = 2.5;
const COLLINEAR = 0.02;

/** Adds bridge pieces over opening gaps and drops single lines that only run across them. */
export function bridgeGaps(pieces: WallPiece[]): WallPiece[] {
  const bridges = gapsBetween(pieces, 0, MAX_OPENING_GAP);
  const kept = pieces.filter((p) => p.thickness !== undefined || !bridges.some((b) => across(p, b)));
  return [...kept, ...withoutCrossings(bridges)];
}

/**
 * Bridge pieces over the gaps longer than `min` and at most `max` metres between two collinear paired
 * pieces of equal thickness with no piece between them.
 */
export function gapsBetween(pieces: WallPiece[], min: number, max: number): WallPiece[] {
  const paired = pieces.filter((p) => p.thickness !== undefined && p.length > 0);
  const groups = new Map<string, WallPiece[]>();
  for (const p of paired) {
    const { angle, offset } = line(p);
    const key = `${Math.round((angle * 180) / Math.PI)}:${Math.round(offset / 0.05)}:${Math.round((p.thickness ?? 0) * 100)}`;
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  const bridges: WallPiece[] = [];
  for (const group of groups.values()) {
    const first = group[0];
    if (!first || group.length < 2) continue;
    const dir = unit(first);
    const along = (v: Vec2): number => v.x * dir.x + v.y * dir.y;
    const spans = group
      .map((p) => ({
        p,
        s: Math.min(along(p.start), along(p.end)),
        e: Math.max(along(p.start), along(p.end)),
      }))
      .sort((a, b) => a.s - b.s);
    for (let i = 1; i < spans.length; i++) {
      const prev = spans[i - 1];
      const next = spans[i];
      if (!prev || !next) continue;
      const gap = next.s - prev.e;
      if (gap <= Math.max(min, 1e-6) || gap > max || !collinear(prev.p, next.p)) continue;
      const from = prev.e === along(prev.p.end) ? prev.p.end : prev.p.start;
      const to = next.s === along(next.p.start) ? next.p.start : next.p.end;
      bridges.push({
        start: from,
        end: to,
        length: gap,
        thickness: prev.p.thickness,
        layers: prev.p.layers,
        handles: [],
        gap: true,
      });
    }
  }
  return bridges;
}

/**
 * At an X junction both walls leave a gap where the other crosses, and both gaps are bridged: the
 * crossing square is one wall's, so a bridge whose middle lies in an earlier kept, crossing bridge's
 * band is dropped (the longer bridge is kept; at equal lengths the first).
 */
function withoutCrossings(bridges: WallPiece[]): WallPiece[] {
  const kept: WallPiece[] = [];
  for (const b of [...bridges].sort((p, q) => q.length - p.length)) {
    const mid = { x: (b.start.x + b.end.x) / 2, y: (b.start.y + b.end.y) / 2 };
    const crossing = kept.some((k) => !parallel(k, b) && inBand(mid, k));
    if (!crossing) kept.push(b);
  }
  return kept;
}

function parallel(a: WallPiece, b: WallPiece): boolean {
  const u = unit(a);
  const v = unit(b);
  return Math.abs(u.x * v.y - u.y * v.x) < 0.05;
}

function inBand(p: Vec2, w: WallPiece): boolean {
  const d = unit(w);
  const t = (p.x - w.start.x) * d.x + (p.y - w.start.y) * d.y;
  return (
    distanceToLine(p, w) <= (w.thickness ?? 0) / 2 + COLLINEAR && t >= -COLLINEAR && t <= w.length + COLLINEAR
  );
}

function unit(p: WallPiece): Vec2 {
  const l = p.length || 1;
  const v = { x: (p.end.x - p.start.x) / l, y: (p.end.y - p.start.y) / l };
  // One orientation per line, so pieces drawn in opposite directions group together.
  return v.x < -1e-12 || (Math.abs(v.x) <= 1e-12 && v.y < 0) ? { x: -v.x, y: -v.y } : v;
}

function line(p: WallPiece): { angle: number; offset: number } {
  const d = unit(p);
  return { angle: Math.atan2(d.y, d.x), offset: -p.start.x * d.y + p.start.y * d.x };
}

function distanceToLine(p: Vec2, w: WallPiece): number {
  const d = unit(w);
  return Math.abs(-(p.x - w.start.x) * d.y + (p.y - w.start.y) * d.x);
}

function collinear(a: WallPiece, b: WallPiece): boolean {
  return distanceToLine(b.start, a) <= COLLINEAR && distanceToLine(b.end, a) <= COLLINEAR;
}

/** A single line lying inside a bridge's band and not longer than it. */
function across(single: WallPiece, bridge: WallPiece): boolean {
  const band = (bridge.thickness ?? 0) / 2 + COLLINEAR;
  if (single.length > bridge.length + COLLINEAR) return false;
  if (distanceToLine(single.start, bridge) > band || distanceToLine(single.end, bridge) > band) return false;
  const d = unit(bridge);
  const t = (v: Vec2): number => (v.x - bridge.start.x) * d.x + (v.y - bridge.start.y) * d.y;
  const lo = Math.min(t(bridge.start), t(bridge.end)) - COLLINEAR;
  const hi = Math.max(t(bridge.start), t(bridge.end)) + COLLINEAR;
  return [single.start, single.end].every((v) => t(v) >= lo && t(v) <= hi);
}
