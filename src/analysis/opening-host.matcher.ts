// Which wall an opening sits in: the nearest wall band (centre line ± half thickness, plus 5 cm) its extent touches.
import Flatbush from 'flatbush';
import type { Vec2 } from './drawing.model.ts';
import type { WallPiece } from './wall.model.ts';

/** Finds the nearest wall whose band (centre line ± half thickness, plus 5 cm) touches an opening's extent. */
export function wallHosts(walls: WallPiece[]): (o: { min: Vec2; max: Vec2 }) => number | undefined {
  if (walls.length === 0) return () => undefined;
  // Only the walls whose band's box meets the opening's are measured: a plan has thousands of both.
  const index = new Flatbush(walls.length);
  for (const w of walls) {
    const reach = bandReach(w);
    index.add(
      Math.min(w.start.x, w.end.x) - reach,
      Math.min(w.start.y, w.end.y) - reach,
      Math.max(w.start.x, w.end.x) + reach,
      Math.max(w.start.y, w.end.y) + reach,
    );
  }
  index.finish();
  return (o) => {
    let best: number | undefined;
    let bestDistance = Infinity;
    for (const i of index.search(o.min.x, o.min.y, o.max.x, o.max.y).sort((x, y) => x - y)) {
      const w = walls[i]!;
      // A bridged gap is where an opening sits: on a tie it wins over the wall pieces beside it.
      const d = segmentBoxDistance(w.start, w.end, o.min, o.max) - (w.gap ? 1e-6 : 0);
      if (d <= bandReach(w) && d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    return best;
  };
}

function bandReach(w: WallPiece): number {
  return (w.thickness ?? 0.1) / 2 + 0.05;
}

function segmentBoxDistance(a: Vec2, b: Vec2, min: Vec2, max: Vec2): number {
  const inside = (p: Vec2): boolean => p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y;
  if (inside(a) || inside(b)) return 0;
  const corners = [min, { x: max.x, y: min.y }, max, { x: min.x, y: max.y }];
  let best = Infinity;
  for (let k = 0; k < 4; k++) {
    const c = corners[k] ?? min;
    const d = corners[(k + 1) % 4] ?? min;
    if (intersects(a, b, c, d)) return 0;
    best = Math.min(best, pointSegment(c, a, b), pointSegment(a, c, d), pointSegment(b, c, d));
  }
  return best;
}

function pointSegment(p: Vec2, a: Vec2, b: Vec2): number {
  const l2 = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
  const t =
    l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / l2));
  return Math.hypot(p.x - (a.x + t * (b.x - a.x)), p.y - (a.y + t * (b.y - a.y)));
}

function intersects(p1: Vec2, p2: Vec2, p3: Vec2, p4: Vec2): boolean {
  const cross = (o: Vec2, a: Vec2, b: Vec2): number => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const d1 = cross(p3, p4, p1);
  const d2 = cross(p3, p4, p2);
  const d3 = cross(p1, p2, p3);
  const d4 = cross(p1, p2, p4);
  return d1 * d2 <= 0 && d3 * d4 <= 0;
}
