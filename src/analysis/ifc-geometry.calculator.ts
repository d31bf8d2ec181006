// Quantities of an IFC element computed from its triangle mesh (world coordinates, metres).

/** A triangle mesh: xyz triples and triangle corner indexes. */
export interface Mesh {
  positions: Float64Array;
  indices: Uint32Array;
}

/** What a mesh measures, before it is named as a quantity of a particular IFC class. */
export interface MeshFigures {
  /** Enclosed volume (m³), from the divergence theorem; meaningful for closed meshes. */
  volume: number;
  /** Total surface area (m²). */
  area: number;
  /** Horizontal unit vector along which the element runs (walls, beams), from its side faces. */
  axis: [number, number];
  /** Extents (m): along `axis`, across it (horizontal), and vertical. */
  alongAxis: number;
  acrossAxis: number;
  height: number;
  /** Half the area of the faces facing across the axis: one side of a wall (m²). */
  sideArea: number;
  /** Mean length along the axis of the two sides: a wall's axis length whatever its corner joints (m). */
  sideLength: number;
  /** Area of faces pointing up / down (|nz| ≥ 0.9) (m²). */
  upArea: number;
  downArea: number;
  /** The dominant face direction (area-weighted) and half the area of the faces along it: one face of a slab. */
  mainFaceArea: number;
  /** Extent along the dominant face direction: a slab's thickness (m). */
  mainFaceDepth: number;
  /** Longest extent along a principal direction in 3D (beams, members) (m). */
  principalLength: number;
  min: [number, number, number];
  max: [number, number, number];
}

const FACING = 0.9;

/** Measures a mesh; returns undefined for an empty one. */
export function meshFigures(mesh: Mesh): MeshFigures | undefined {
  const { positions: p, indices } = mesh;
  if (indices.length < 3) return undefined;
  let volume = 0;
  let area = 0;
  let c2 = 0;
  let s2 = 0;
  let upArea = 0;
  let downArea = 0;
  const faces: Face[] = [];
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const face = faceAt(p, indices, t);
    if (!face) continue;
    const [a] = face.corners;
    const { n } = face;
    // signed volume of the tetrahedron (origin, a, b, c) = a · (b − a) × (c − a) / 6
    volume += (dot(a, n) * 2 * face.a) / 6;
    area += face.a;
    faces.push(face);
    if (n[2] >= FACING) upArea += face.a;
    else if (n[2] <= -FACING) downArea += face.a;
    else {
      // horizontal normal direction folded to [0, π): doubled angles average opposite faces together
      const theta = Math.atan2(n[1], n[0]);
      const w = face.a * (n[0] * n[0] + n[1] * n[1]);
      c2 += w * Math.cos(2 * theta);
      s2 += w * Math.sin(2 * theta);
    }
  }
  if (faces.length === 0) return undefined;
  const normalAngle = Math.atan2(s2, c2) / 2;
  const across: [number, number] = [Math.cos(normalAngle), Math.sin(normalAngle)];
  const axis: [number, number] = [-across[1], across[0]];
  let sideArea = 0;
  const sides = [
    { lo: Infinity, hi: -Infinity },
    { lo: Infinity, hi: -Infinity },
  ];
  for (const face of faces) {
    const facing = face.n[0] * across[0] + face.n[1] * across[1];
    if (Math.abs(facing) < FACING) continue;
    sideArea += face.a;
    const side = sides[facing > 0 ? 0 : 1] ?? { lo: 0, hi: 0 };
    for (const v of face.corners) {
      const along = v[0] * axis[0] + v[1] * axis[1];
      side.lo = Math.min(side.lo, along);
      side.hi = Math.max(side.hi, along);
    }
  }
  const sideExtents = sides.filter((s) => s.hi >= s.lo).map((s) => s.hi - s.lo);
  const sideLength = sideExtents.length ? sideExtents.reduce((a, b) => a + b, 0) / sideExtents.length : 0;
  const main = dominantDirection(faces);
  let mainFaceArea = 0;
  for (const f of faces) if (Math.abs(dot(f.n, main)) >= FACING) mainFaceArea += f.a;
  const points = [...new Set(indices)].map((v): Point3 => [
    p[v * 3] ?? 0,
    p[v * 3 + 1] ?? 0,
    p[v * 3 + 2] ?? 0,
  ]);
  const extent = (d: readonly number[]): number => spread(points.map((q) => dot(q, d)));
  const xs = points.map((q) => q[0]);
  const ys = points.map((q) => q[1]);
  const zs = points.map((q) => q[2]);
  return {
    volume: Math.abs(volume),
    area,
    axis,
    alongAxis: extent([axis[0], axis[1], 0]),
    acrossAxis: extent([across[0], across[1], 0]),
    height: spread(zs),
    sideArea: sideArea / 2,
    sideLength,
    upArea,
    downArea,
    mainFaceArea: mainFaceArea / 2,
    mainFaceDepth: extent(main),
    principalLength: principalExtent(points),
    min: [least(xs), least(ys), least(zs)],
    max: [-least(xs.map((x) => -x)), -least(ys.map((y) => -y)), -least(zs.map((z) => -z))],
  };
}

/** Smallest value (no spread arguments: meshes can have more vertices than a call takes). */
function least(values: number[]): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}

function spread(values: number[]): number {
  return values.length === 0 ? 0 : -least(values.map((v) => -v)) - least(values);
}

type Point3 = [number, number, number];

/** One triangle: unit normal, area and corners. */
interface Face {
  n: Point3;
  a: number;
  corners: [Point3, Point3, Point3];
}

function faceAt(p: Float64Array, indices: Uint32Array, t: number): Face | undefined {
  const corners = [0, 1, 2].map((k) => {
    const i = (indices[t + k] ?? 0) * 3;
    return [p[i] ?? 0, p[i + 1] ?? 0, p[i + 2] ?? 0] as [number, number, number];
  }) as [[number, number, number], [number, number, number], [number, number, number]];
  const [a, b, c] = corners;
  const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  const n = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const twice = Math.hypot(n[0]!, n[1]!, n[2]!);
  if (!(twice > 0)) return undefined;
  return { n: [n[0]! / twice, n[1]! / twice, n[2]! / twice], a: twice / 2, corners };
}

/** The normal direction (sign folded) carrying the largest face area, found by clustering face normals. */
function dominantDirection(faces: Face[]): [number, number, number] {
  const clusters: Array<{ n: [number, number, number]; a: number }> = [];
  for (const f of faces) {
    const c = clusters.find((k) => Math.abs(dot(k.n, f.n)) >= 0.995);
    if (c) c.a += f.a;
    else clusters.push({ n: f.n, a: f.a });
    if (clusters.length > 512) break; // curved surfaces: the first clusters decide
  }
  return clusters.reduce((best, c) => (c.a > best.a ? c : best), clusters[0] ?? { n: [0, 0, 1], a: 0 }).n;
}

/** Extent of the points along their principal direction (power iteration on the covariance). */
function principalExtent(points: Array<[number, number, number]>): number {
  if (points.length < 2) return 0;
  const mean = [0, 0, 0];
  for (const q of points) for (let i = 0; i < 3; i++) mean[i] = (mean[i] ?? 0) + q[i]! / points.length;
  const cov = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const q of points) {
    const d = [q[0] - mean[0]!, q[1] - mean[1]!, q[2] - mean[2]!];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) cov[i * 3 + j]! += d[i]! * d[j]!;
  }
  let v: [number, number, number] = [1, 0.7, 0.3];
  for (let it = 0; it < 50; it++) {
    const w: [number, number, number] = [0, 1, 2].map(
      (i) => cov[i * 3]! * v[0] + cov[i * 3 + 1]! * v[1] + cov[i * 3 + 2]! * v[2],
    ) as [number, number, number];
    const len = Math.hypot(...w);
    if (!(len > 0)) break;
    v = [w[0] / len, w[1] / len, w[2] / len];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const q of points) {
    const t = dot(q, v);
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  return hi - lo;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);
}
