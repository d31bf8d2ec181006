// libredwg-web entity objects → normalized entities (DWG type names mapped to their DXF names).
import type { BulgeVertex, DrawingEntity, EntityBase, Vec2 } from './drawing.model.ts';
import { edgeLoop, polylineLoop, splineEdge, type HatchEdge } from './hatch-boundary.reader.ts';

/** The loosely-typed shape of a libredwg-web entity (fields read defensively). */
export type DwgEntityLike = { type: string; handle?: string; layer?: string } & Record<string, unknown>;

const TYPE_NAMES: Record<string, string> = { POLYLINE2D: 'POLYLINE', POLYLINE3D: 'POLYLINE' };
const LWPOLYLINE_CLOSED = 512;

/** Converts one libredwg-web entity. */
export function dwgEntity(e: DwgEntityLike): DrawingEntity {
  const base: EntityBase = {
    type: TYPE_NAMES[e.type] ?? e.type,
    handle: String(e.handle ?? ''),
    layer: e.layer || '0',
  };
  const normalZ = normal(e.extrusionDirection);
  switch (e.type) {
    case 'LINE':
      return { ...base, kind: 'line', start: pt(e.startPoint), end: pt(e.endPoint) };
    case 'ARC':
      return {
        ...base,
        kind: 'arc',
        center: pt(e.center),
        radius: num(e.radius),
        startAngle: num(e.startAngle),
        endAngle: num(e.endAngle),
        normalZ,
      };
    case 'CIRCLE':
      return { ...base, kind: 'circle', center: pt(e.center), radius: num(e.radius), normalZ };
    case 'LWPOLYLINE':
      return {
        ...base,
        kind: 'polyline',
        vertices: vertices(e.vertices),
        closed: (num(e.flag) & LWPOLYLINE_CLOSED) !== 0,
        is3d: false,
        normalZ,
      };
    case 'POLYLINE2D':
    case 'POLYLINE3D':
      return {
        ...base,
        kind: 'polyline',
        vertices: vertices(e.vertices),
        closed: (num(e.flag) & 1) !== 0,
        is3d: e.type === 'POLYLINE3D',
        normalZ,
      };
    case 'ELLIPSE':
      return {
        ...base,
        kind: 'ellipse',
        center: pt(e.center),
        majorAxis: pt(e.majorAxisEndPoint),
        ratio: num(e.axisRatio, 1),
        startParam: num(e.startAngle),
        endParam: num(e.endAngle, 2 * Math.PI),
        normalZ,
      };
    case 'SPLINE':
      return {
        ...base,
        kind: 'spline',
        spline: {
          degree: num(e.degree, 3),
          closed: (num(e.flag) & 1) !== 0,
          controlPoints: points(e.controlPoints),
          knots: Array.isArray(e.knots) ? e.knots.map((k) => num(k)) : [],
          weights:
            Array.isArray(e.weights) && e.weights.length > 0 ? e.weights.map((w) => num(w, 1)) : undefined,
          fitPoints: points(e.fitPoints),
          startTangent: e.startTangent ? pt(e.startTangent) : undefined,
          endTangent: e.endTangent ? pt(e.endTangent) : undefined,
        },
      };
    case 'INSERT':
      return {
        ...base,
        kind: 'insert',
        block: str(e.name),
        position: pt(e.insertionPoint),
        scale: { x: num(e.xScale, 1), y: num(e.yScale, 1) },
        rotation: num(e.rotation),
        normalZ,
        columns: Math.max(1, num(e.columnCount, 1)),
        rows: Math.max(1, num(e.rowCount, 1)),
        columnSpacing: num(e.columnSpacing),
        rowSpacing: num(e.rowSpacing),
      };
    case 'HATCH':
      return {
        ...base,
        kind: 'hatch',
        pattern: str(e.patternName) || 'SOLID',
        solid: num(e.solidFill) === 1,
        loops: hatchLoops(e.boundaryPaths),
        normalZ,
      };
    case 'DIMENSION':
      return {
        ...base,
        kind: 'dimension',
        measurement: typeof e.measurement === 'number' ? e.measurement : undefined,
        text: str(e.text),
        block: typeof e.name === 'string' ? e.name : undefined,
      };
    case 'TEXT':
      return {
        ...base,
        kind: 'text',
        position: pt(e.startPoint),
        text: str(e.text),
        height: num(e.textHeight),
      };
    case 'MTEXT':
      return {
        ...base,
        kind: 'text',
        position: pt(e.insertionPoint),
        text: str(e.text),
        height: num(e.textHeight),
      };
    default:
      return { ...base, kind: 'other' };
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function pt(v: unknown): Vec2 {
  const p = (v ?? {}) as { x?: unknown; y?: unknown };
  return { x: num(p.x), y: num(p.y) };
}

function points(v: unknown): Vec2[] {
  return Array.isArray(v) ? v.map(pt) : [];
}

/** libredwg reports a zero vector when the extrusion is the default +Z. */
function normal(v: unknown): number {
  const z = num((v as { z?: unknown } | undefined)?.z, 1);
  return z < 0 ? -1 : 1;
}

function vertices(v: unknown): BulgeVertex[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((x: { flag?: unknown }) => (num(x.flag) & 16) === 0)
    .map((x: { bulge?: unknown }) => ({ ...pt(x), bulge: num(x.bulge) }));
}

function hatchLoops(paths: unknown): Vec2[][] {
  if (!Array.isArray(paths)) return [];
  const loops = paths.map((path: Record<string, unknown>) => {
    if (Array.isArray(path.vertices)) return polylineLoop(vertices(path.vertices));
    const edges = Array.isArray(path.edges) ? (path.edges as Array<Record<string, unknown>>) : [];
    return edgeLoop(edges.map(toEdge));
  });
  return loops.filter((loop) => loop.length >= 3);
}

function toEdge(e: Record<string, unknown>): HatchEdge {
  const ccw = e.isCCW !== false;
  switch (num(e.type)) {
    case 1:
      return { edge: 'line', start: pt(e.start), end: pt(e.end) };
    case 2:
      return {
        edge: 'arc',
        center: pt(e.center),
        radius: num(e.radius),
        start: num(e.startAngle),
        end: num(e.endAngle),
        ccw,
      };
    case 3:
      return {
        edge: 'ellipse',
        center: pt(e.center),
        major: pt(e.end),
        ratio: num(e.lengthOfMinorAxis, 1),
        start: num(e.startAngle),
        end: num(e.endAngle),
        ccw,
      };
    default: {
      const weights = Array.isArray(e.controlPoints)
        ? (e.controlPoints as Array<{ weight?: unknown }>).map((p) => num(p.weight, 1))
        : undefined;
      return splineEdge(
        points(e.controlPoints),
        Array.isArray(e.knots) ? e.knots.map((k) => num(k)) : [],
        weights,
        num(e.degree, 3),
        points(e.fitDatum),
      );
    }
  }
}
