// Doors and windows: block inserts and loose door-swing arcs, sized and matched to the wall they sit in.
import type { ExpandedDrawing } from './block-expander.normalizer.ts';
import type { Vec2 } from './drawing.model.ts';
import type { ElementClassifier } from './element-class.classifier.ts';
import { ccwSweep, dist } from './geometry.math.ts';
import type { WallPiece } from './wall.model.ts';

/** Opening heights (metres) assumed when the plan gives none. */
export const DEFAULT_OPENING_HEIGHT = { door: 2.1, window: 1.2 };

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
}

const SWING = {
  minSweep: (75 * Math.PI) / 180,
  maxSweep: (105 * Math.PI) / 180,
  minRadius: 0.5,
  maxRadius: 1.6,
};

/** Finds openings; width is the door leaf (largest swing arc radius) or the larger side of the block's extent. */
export function findOpenings(
  expanded: ExpandedDrawing,
  classifier: ElementClassifier,
  mpu: number,
  walls: WallPiece[],
): Opening[] {
  const byRoot = new Map<number, { min: Vec2; max: Vec2; arc: number }>();
  const loose: Opening[] = [];
  for (const e of expanded.entities) {
    if (e.geometry.kind !== 'path') continue;
    const root = e.instance === undefined ? undefined : classifier.objectRoot[e.instance];
    const vertices = e.geometry.vertices;
    const arc = e.type === 'ARC' && vertices.length === 2 ? arcOf(vertices[0], vertices[1], mpu) : undefined;
    if (root === undefined) {
      if (arc && classifier.entity(e).elementClass === 'door' && isSwing(arc)) {
        const c = arc.center;
        const r = arc.radius;
        loose.push(
          opening(
            'door',
            r,
            { x: c.x - r, y: c.y - r },
            { x: c.x + r, y: c.y + r },
            e.layer,
            undefined,
            e.handle,
            0.6,
          ),
        );
      }
      continue;
    }
    const box = byRoot.get(root) ?? {
      min: { x: Infinity, y: Infinity },
      max: { x: -Infinity, y: -Infinity },
      arc: 0,
    };
    for (const v of vertices) {
      box.min = { x: Math.min(box.min.x, v.x * mpu), y: Math.min(box.min.y, v.y * mpu) };
      box.max = { x: Math.max(box.max.x, v.x * mpu), y: Math.max(box.max.y, v.y * mpu) };
    }
    if (arc && isSwing(arc)) box.arc = Math.max(box.arc, arc.radius);
    byRoot.set(root, box);
  }
  const out: Opening[] = [];
  for (const [root, box] of byRoot) {
    const cls = classifier.instanceClass[root];
    const inst = expanded.instances[root];
    if (!cls || !inst || (cls.elementClass !== 'door' && cls.elementClass !== 'window')) continue;
    const side = Math.max(box.max.x - box.min.x, box.max.y - box.min.y);
    const width = cls.elementClass === 'door' && box.arc > 0 ? box.arc : side;
    out.push(
      opening(cls.elementClass, width, box.min, box.max, inst.layer, inst.block, inst.handle, cls.confidence),
    );
  }
  return [...out, ...loose].map((o) => ({ ...o, host: hostOf(o, walls) }));
}

function opening(
  kind: 'door' | 'window',
  width: number,
  min: Vec2,
  max: Vec2,
  layer: string,
  block: string | undefined,
  handle: string,
  confidence: number,
): Opening {
  return {
    kind,
    width,
    height: DEFAULT_OPENING_HEIGHT[kind],
    min,
    max,
    host: undefined,
    layer,
    block,
    handle,
    confidence,
  };
}

function arcOf(p: { x: number; y: number; bulge: number } | undefined, q: Vec2 | undefined, mpu: number) {
  if (!p || !q || p.bulge === 0) return undefined;
  const sweep = 4 * Math.atan(Math.abs(p.bulge));
  const chord = dist(p, q) * mpu;
  const radius = chord / (2 * Math.sin(sweep / 2));
  const mid = { x: ((p.x + q.x) / 2) * mpu, y: ((p.y + q.y) / 2) * mpu };
  const h = radius * Math.cos(sweep / 2) * Math.sign(p.bulge);
  const len = chord || 1;
  const center = { x: mid.x - (h * (q.y - p.y) * mpu) / len, y: mid.y + (h * (q.x - p.x) * mpu) / len };
  return { radius, sweep: ccwSweep(0, sweep), center };
}

function isSwing(a: { radius: number; sweep: number }): boolean {
  return (
    a.sweep >= SWING.minSweep &&
    a.sweep <= SWING.maxSweep &&
    a.radius >= SWING.minRadius &&
    a.radius <= SWING.maxRadius
  );
}

/** The nearest wall whose band (centre line ± half thickness, plus 5 cm) touches the opening's extent. */
function hostOf(o: Opening, walls: WallPiece[]): number | undefined {
  let best: number | undefined;
  let bestDistance = Infinity;
  walls.forEach((w, i) => {
    const d = segmentBoxDistance(w.start, w.end, o.min, o.max);
    if (d <= (w.thickness ?? 0.1) / 2 + 0.05 && d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
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
