// Doorless passages: a bridged wall gap with no door or window in it and no wall meeting it is an opening
// people walk through, not wall. It still closes rooms; it is left out of the wall quantities.
import type { Vec2 } from './drawing.model.ts';
import type { Opening } from './openings.detector.ts';
import type { WallPiece } from './wall.model.ts';

/** Slack (metres) for drafting imprecision where a wall meets a bridge. */
const SLACK = 0.02;

/**
 * The walls without their doorless passages, with the openings' hosts renumbered to match. A bridge
 * stays wall when an opening sits in it or when it is the through wall of a T or X junction: another
 * wall, not parallel to it, ends at its face and covers at least half of the bridge's span (a wall ending
 * at the end of a longer bridge is an L corner beside a passage).
 */
export function withoutPassages(
  walls: WallPiece[],
  openings: Opening[],
): { walls: WallPiece[]; openings: Opening[]; passages: WallPiece[] } {
  const hosts = new Set(openings.flatMap((o) => (o.host === undefined ? [] : [o.host])));
  const passage = walls.map((w, i) => w.gap && !hosts.has(i) && !walls.some((s) => meets(s, w)));
  const renumbered = new Map<number, number>();
  walls.forEach((_, i) => {
    if (!passage[i]) renumbered.set(i, renumbered.size);
  });
  return {
    walls: walls.filter((_, i) => !passage[i]),
    openings: openings.map((o) => (o.host === undefined ? o : { ...o, host: renumbered.get(o.host) })),
    passages: walls.filter((_, i) => passage[i]),
  };
}

/** True when wall `stem` ends at the face of `bridge` across most of its span (a T or X junction). */
function meets(stem: WallPiece, bridge: WallPiece): boolean {
  if (stem === bridge || stem.gap || stem.length <= 0 || bridge.length <= 0) return false;
  const u = direction(bridge);
  const v = direction(stem);
  if (Math.abs(u.x * v.y - u.y * v.x) < 0.5) return false;
  const half = (stem.thickness ?? 0) / 2;
  return [stem.start, stem.end].some((p) => {
    const along = (p.x - bridge.start.x) * u.x + (p.y - bridge.start.y) * u.y;
    const across = Math.abs((p.x - bridge.start.x) * u.y - (p.y - bridge.start.y) * u.x);
    const covered = Math.min(along + half, bridge.length) - Math.max(along - half, 0);
    return across <= (bridge.thickness ?? 0) / 2 + SLACK && covered >= bridge.length / 2 - SLACK;
  });
}

function direction(w: WallPiece): Vec2 {
  const l = Math.hypot(w.end.x - w.start.x, w.end.y - w.start.y) || 1;
  return { x: (w.end.x - w.start.x) / l, y: (w.end.y - w.start.y) / l };
}
