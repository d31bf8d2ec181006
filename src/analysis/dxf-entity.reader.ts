// DXF entity records → normalized entities (DXF angles are degrees; the model uses radians).
import type { BulgeVertex, DrawingEntity, EntityBase, SplineData, Vec2 } from './drawing.model.ts';
import { RecordFields, type DxfRecord } from './dxf-records.reader.ts';
import { edgeLoop, polylineLoop, splineEdge, type HatchEdge } from './hatch-boundary.reader.ts';

const DEG = Math.PI / 180;

/** Converts one entity record; POLYLINE takes the VERTEX records that followed it. */
export function dxfEntity(record: DxfRecord, vertices: DxfRecord[]): DrawingEntity {
  const f = new RecordFields(record);
  const base: EntityBase = { type: record.type, handle: f.str(5), layer: f.str(8) || '0' };
  const normalZ = f.num(230, 1);
  const at = (x: number, y: number): Vec2 => ({ x: f.num(x), y: f.num(y) });
  switch (record.type) {
    case 'LINE':
      return { ...base, kind: 'line', start: at(10, 20), end: at(11, 21) };
    case 'ARC':
      return {
        ...base,
        kind: 'arc',
        center: at(10, 20),
        radius: f.num(40),
        startAngle: f.num(50) * DEG,
        endAngle: f.num(51) * DEG,
        normalZ,
      };
    case 'CIRCLE':
      return { ...base, kind: 'circle', center: at(10, 20), radius: f.num(40), normalZ };
    case 'LWPOLYLINE':
      return {
        ...base,
        kind: 'polyline',
        vertices: lwVertices(f),
        closed: (f.num(70) & 1) === 1,
        is3d: false,
        normalZ,
      };
    case 'POLYLINE':
      return polyline(base, f, vertices, normalZ);
    case 'ELLIPSE':
      return {
        ...base,
        kind: 'ellipse',
        center: at(10, 20),
        majorAxis: at(11, 21),
        ratio: f.num(40, 1),
        startParam: f.num(41),
        endParam: f.num(42, 2 * Math.PI),
        normalZ,
      };
    case 'SPLINE':
      return { ...base, kind: 'spline', spline: spline(f) };
    case 'INSERT':
      return {
        ...base,
        kind: 'insert',
        block: f.str(2),
        position: at(10, 20),
        scale: { x: f.num(41, 1), y: f.num(42, 1) },
        rotation: f.num(50) * DEG,
        normalZ,
        columns: Math.max(1, f.num(70, 1)),
        rows: Math.max(1, f.num(71, 1)),
        columnSpacing: f.num(44),
        rowSpacing: f.num(45),
      };
    case 'HATCH':
      return {
        ...base,
        kind: 'hatch',
        pattern: f.str(2) || 'SOLID',
        solid: f.num(70) === 1,
        loops: hatchLoops(f),
        normalZ,
      };
    case 'DIMENSION':
      return {
        ...base,
        kind: 'dimension',
        measurement: f.has(42) ? f.num(42) : undefined,
        text: f.str(1),
        block: f.str(2) || undefined,
      };
    case 'TEXT':
    case 'MTEXT':
      return { ...base, kind: 'text', position: at(10, 20), text: f.str(1), height: f.num(40) };
    default:
      return { ...base, kind: 'other' };
  }
}

function lwVertices(f: RecordFields): BulgeVertex[] {
  const out: BulgeVertex[] = [];
  for (const [code, value] of f.sequence()) {
    if (code === 10) out.push({ x: value, y: 0, bulge: 0 });
    const last = out[out.length - 1];
    if (!last) continue;
    if (code === 20) last.y = value;
    else if (code === 42) last.bulge = value;
  }
  return out;
}

function polyline(base: EntityBase, f: RecordFields, records: DxfRecord[], normalZ: number): DrawingEntity {
  const flags = f.num(70);
  // Polygon and polyface meshes are surfaces, not lines: counted, not measured.
  if ((flags & (16 | 64)) !== 0) return { ...base, kind: 'other' };
  const vertices: BulgeVertex[] = [];
  for (const r of records) {
    const v = new RecordFields(r);
    if ((v.num(70) & 16) !== 0) continue; // spline frame control point, not on the curve
    vertices.push({ x: v.num(10), y: v.num(20), bulge: v.num(42) });
  }
  return { ...base, kind: 'polyline', vertices, closed: (flags & 1) === 1, is3d: (flags & 8) !== 0, normalZ };
}

function spline(f: RecordFields): SplineData {
  const controlPoints: Vec2[] = [];
  const fitPoints: Vec2[] = [];
  const knots: number[] = [];
  const weights: number[] = [];
  let start: Vec2 | undefined;
  let end: Vec2 | undefined;
  for (const [code, value] of f.sequence()) {
    if (code === 10) controlPoints.push({ x: value, y: 0 });
    else if (code === 20) setY(controlPoints, value);
    else if (code === 11) fitPoints.push({ x: value, y: 0 });
    else if (code === 21) setY(fitPoints, value);
    else if (code === 40) knots.push(value);
    else if (code === 41) weights.push(value);
    else if (code === 12) start = { x: value, y: 0 };
    else if (code === 22 && start) start.y = value;
    else if (code === 13) end = { x: value, y: 0 };
    else if (code === 23 && end) end.y = value;
  }
  return {
    degree: f.num(71, 3),
    closed: (f.num(70) & 1) === 1,
    controlPoints,
    knots,
    weights: weights.length === controlPoints.length ? weights : undefined,
    fitPoints,
    startTangent: start,
    endTangent: end,
  };
}

function setY(points: Vec2[], y: number): void {
  const last = points[points.length - 1];
  if (last) last.y = y;
}

/** Reads the boundary paths, which are count-prefixed: a cursor walks the codes in order. */
function hatchLoops(f: RecordFields): Vec2[][] {
  const seq = f.sequence();
  let i = seq.findIndex(([code]) => code === 91);
  if (i < 0) return [];
  const next = (code: number): number => {
    while (i < seq.length && seq[i]?.[0] !== code) i++;
    const v = seq[i]?.[1] ?? 0;
    i++;
    return Number.isFinite(v) ? v : 0;
  };
  const loopCount = Math.min(next(91), 10_000);
  const loops: Vec2[][] = [];
  for (let l = 0; l < loopCount && i < seq.length; l++) {
    const type = next(92);
    if ((type & 2) !== 0) {
      const hasBulge = next(72) !== 0;
      next(73);
      const n = Math.min(next(93), 1_000_000);
      const vertices: BulgeVertex[] = [];
      for (let k = 0; k < n && i < seq.length; k++) {
        const x = next(10);
        const y = next(20);
        vertices.push({ x, y, bulge: hasBulge && seq[i]?.[0] === 42 ? next(42) : 0 });
      }
      loops.push(polylineLoop(vertices));
    } else {
      const n = Math.min(next(93), 1_000_000);
      const edges: HatchEdge[] = [];
      for (let k = 0; k < n && i < seq.length; k++) edges.push(readEdge(next));
      loops.push(edgeLoop(edges));
    }
  }
  return loops.filter((loop) => loop.length >= 3);
}

function readEdge(next: (code: number) => number): HatchEdge {
  const type = next(72);
  if (type === 1)
    return { edge: 'line', start: { x: next(10), y: next(20) }, end: { x: next(11), y: next(21) } };
  if (type === 2) {
    const center = { x: next(10), y: next(20) };
    return {
      edge: 'arc',
      center,
      radius: next(40),
      start: next(50) * DEG,
      end: next(51) * DEG,
      ccw: next(73) !== 0,
    };
  }
  if (type === 3) {
    const center = { x: next(10), y: next(20) };
    const major = { x: next(11), y: next(21) };
    return {
      edge: 'ellipse',
      center,
      major,
      ratio: next(40),
      start: next(50) * DEG,
      end: next(51) * DEG,
      ccw: next(73) !== 0,
    };
  }
  const degree = next(94);
  next(73);
  next(74);
  const knotCount = Math.min(next(95), 100_000);
  const pointCount = Math.min(next(96), 100_000);
  const knots: number[] = [];
  for (let k = 0; k < knotCount; k++) knots.push(next(40));
  const points: Vec2[] = [];
  for (let k = 0; k < pointCount; k++) points.push({ x: next(10), y: next(20) });
  return splineEdge(points, knots, undefined, degree, []);
}
