// Manual measurement geometry in the viewer: plan (geometry) units ↔ drawing units, and quantities.
import type { PlanGeometry } from '../api/types.ts';

/** A tool of the measuring toolbar; `calibrate` sets the scale from a known distance. */
export type Tool = 'line' | 'polyline' | 'area' | 'count' | 'calibrate';

/** The unit each measuring tool gives. */
export const TOOL_UNITS: Record<Exclude<Tool, 'calibrate'>, 'm' | 'm2' | 'ea'> = {
  line: 'm',
  polyline: 'm',
  area: 'm2',
  count: 'ea',
};

/** Fewest points a tool needs before it can be saved. */
export const MIN_POINTS: Record<Tool, number> = { line: 2, polyline: 2, area: 3, count: 1, calibrate: 2 };

/** A point of the plan (geometry units from the origin) in drawing units, as the API stores it. */
export function toDrawing(geometry: PlanGeometry, [gx, gy]: readonly [number, number]): [number, number] {
  return [geometry.origin.x + gx * geometry.step, geometry.origin.y + gy * geometry.step];
}

/** A stored point (drawing units) back on the plan. */
export function toPlan(geometry: PlanGeometry, [x, y]: readonly [number, number]): [number, number] {
  return [(x - geometry.origin.x) / geometry.step, (y - geometry.origin.y) / geometry.step];
}

/** Length of the polyline through `points`, in the points' units. */
export function pathLength(points: ReadonlyArray<readonly [number, number]>): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    length += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  }
  return length;
}

/** Area of the polygon through `points` (shoelace), in the points' units squared. */
export function polygonArea(points: ReadonlyArray<readonly [number, number]>): number {
  let twice = 0;
  points.forEach(([x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length]!;
    twice += x * ny - nx * y;
  });
  return Math.abs(twice) / 2;
}

/** The quantity a tool measures over drawing-unit `points` at `metresPerUnit` (the server computes the same). */
export function previewQuantity(
  tool: Exclude<Tool, 'calibrate'>,
  points: ReadonlyArray<readonly [number, number]>,
  metresPerUnit: number,
): number {
  if (tool === 'count') return points.length;
  if (tool === 'area') return polygonArea(points) * metresPerUnit * metresPerUnit;
  return pathLength(tool === 'line' ? points.slice(0, 2) : points) * metresPerUnit;
}
