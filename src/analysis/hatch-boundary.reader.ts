// HATCH boundary loops (polyline or edge loops) → polygons, shared by the DXF and DWG readers.
import type { BulgeVertex, Vec2 } from './drawing.model.ts';
import { ccwSweep, ellipsePoints, flattenPath, sampleSegment } from './geometry.math.ts';
import { splinePoints } from './spline.math.ts';

/** One boundary edge as stored in a HATCH (angles in radians). */
export type HatchEdge =
  | { edge: 'line'; start: Vec2; end: Vec2 }
  | { edge: 'arc'; center: Vec2; radius: number; start: number; end: number; ccw: boolean }
  | { edge: 'ellipse'; center: Vec2; major: Vec2; ratio: number; start: number; end: number; ccw: boolean }
  | { edge: 'spline'; points: Vec2[] };

/** A polyline loop with bulges. */
export function polylineLoop(vertices: BulgeVertex[]): Vec2[] {
  return flattenPath(vertices, true).map((v) => ({ x: v.x, y: v.y }));
}

/** Chains edges into one polygon (edges are taken in file order, as the format stores them). */
export function edgeLoop(edges: HatchEdge[]): Vec2[] {
  const out: Vec2[] = [];
  for (const e of edges) out.push(...edgePoints(e));
  return out;
}

function edgePoints(e: HatchEdge): Vec2[] {
  switch (e.edge) {
    case 'line':
      return [e.start];
    case 'arc': {
      // Clockwise edges store angles mirrored: the arc runs from -start to -end clockwise.
      const s = e.ccw ? e.start : -e.start;
      const en = e.ccw ? e.end : -e.end;
      const sweep = e.ccw ? ccwSweep(s, en) : ccwSweep(en, s);
      const p = { x: e.center.x + e.radius * Math.cos(s), y: e.center.y + e.radius * Math.sin(s) };
      const q = { x: e.center.x + e.radius * Math.cos(en), y: e.center.y + e.radius * Math.sin(en) };
      const bulge = Math.tan(sweep / 4) * (e.ccw ? 1 : -1);
      return sweep >= 2 * Math.PI - 1e-9 ? circle(e.center, e.radius) : sampleSegment(p, q, bulge);
    }
    case 'ellipse': {
      const pts = e.ccw
        ? ellipsePoints(e.center, e.major, e.ratio, e.start, e.end)
        : ellipsePoints(e.center, e.major, e.ratio, -e.end, -e.start).reverse();
      return pts.slice(0, -1);
    }
    case 'spline':
      return e.points.slice(0, -1);
  }
}

function circle(c: Vec2, r: number): Vec2[] {
  const out: Vec2[] = [];
  for (let i = 0; i < 72; i++)
    out.push({ x: c.x + r * Math.cos((i * Math.PI) / 36), y: c.y + r * Math.sin((i * Math.PI) / 36) });
  return out;
}

/** A spline boundary edge from its control or fit points. */
export function splineEdge(
  controlPoints: Vec2[],
  knots: number[],
  weights: number[] | undefined,
  degree: number,
  fitPoints: Vec2[],
): HatchEdge {
  return {
    edge: 'spline',
    points: splinePoints({
      degree,
      closed: false,
      controlPoints,
      knots,
      weights,
      fitPoints,
      startTangent: undefined,
      endTangent: undefined,
    }),
  };
}
