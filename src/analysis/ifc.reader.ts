// IFC reader: web-ifc (MPL-2.0) → elements with their class, storey, type, materials, quantity sets and meshes.
import { readFile } from 'node:fs/promises';
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisLimits } from './analysis.limits.ts';
import { meshFigures, type MeshFigures } from './ifc-geometry.calculator.ts';
import { checkListAttributes, type LineConstructors } from './ifc-lists.checker.ts';
import { IfcLines } from './ifc-lines.reader.ts';
import { quantityValue, unitScales, type UnitScales } from './ifc-units.reader.ts';
import { readStepInstances, type StepInstance } from './step-syntax.reader.ts';

const PACKAGE = 'web-ifc';

/** The IFC classes the takeoff reports (exact classes: IfcWallStandardCase is not counted as IfcWall). */
export const IFC_CLASSES = [
  'IfcWall',
  'IfcWallStandardCase',
  'IfcWallElementedCase',
  'IfcSlab',
  'IfcSlabStandardCase',
  'IfcDoor',
  'IfcWindow',
  'IfcColumn',
  'IfcBeam',
  'IfcRoof',
  'IfcStair',
  'IfcStairFlight',
  'IfcCovering',
  'IfcRailing',
  'IfcPlate',
  'IfcMember',
  'IfcCurtainWall',
  'IfcSpace',
  'IfcFooting',
  'IfcOpeningElement',
] as const;

/** One element of the model. */
export interface IfcElement {
  expressId: number;
  globalId: string;
  ifcClass: string;
  name: string;
  predefinedType: string | undefined;
  typeName: string | undefined;
  materials: string[];
  storey: string | undefined;
  /** Quantities from the model's quantity sets (SI), a `Qto_*` set winning over others, else the first. */
  given: Record<string, number>;
  /** Overall width and height attributes of doors and windows (m). */
  overall: { width: number; height: number } | undefined;
  /** Express ids of the openings that void this element, and of the element an opening is filled by. */
  openings: number[];
  fills: number | undefined;
  mesh: MeshFigures | undefined;
}

/** A read model. */
export interface IfcModel {
  schema: string;
  reader: { name: string; version: string };
  units: UnitScales;
  elements: IfcElement[];
  storeys: Array<{ id: number; name: string; elevation: number | null }>;
  warnings: string[];
}

interface IfcApiLike {
  Init(): Promise<void>;
  SetLogLevel(level: number): void;
  OpenModel(data: Uint8Array, settings?: Record<string, unknown>): number;
  GetModelSchema(id: number): string;
  GetTypeCodeFromName(name: string): number;
  GetLineIDsWithType(id: number, type: number): { size(): number; get(i: number): number };
  GetLine(id: number, expressId: number, flatten?: boolean): Record<string, unknown>;
  GetLineType(id: number, expressId: number): number;
  GetNameFromTypeCode(type: number): string;
  StreamMeshes(id: number, ids: number[], cb: (mesh: FlatMeshLike) => void): void;
  GetGeometry(id: number, geometryId: number): GeometryLike;
  GetVertexArray(ptr: number, size: number): Float32Array;
  GetIndexArray(ptr: number, size: number): Uint32Array;
  CloseModel(id: number): void;
  Dispose(): void;
}

/** A loaded web-ifc: a fresh API, its version, and its line constructors of a schema by name. */
interface WebIfc {
  api: IfcApiLike;
  version: string;
  lineConstructors: (schema: string) => LineConstructors;
}

interface FlatMeshLike {
  expressID: number;
  geometries: { size(): number; get(i: number): { geometryExpressID: number; flatTransformation: number[] } };
}

interface GeometryLike {
  GetVertexData(): number;
  GetVertexDataSize(): number;
  GetIndexData(): number;
  GetIndexDataSize(): number;
  delete(): void;
}

/** Reads an IFC (STEP) file with a fresh web-ifc instance, released after (a warm worker keeps nothing). */
export async function readIfc(bytes: Uint8Array, limits: AnalysisLimits): Promise<IfcModel> {
  checkEnvelope(bytes);
  const instances = readStepInstances(bytes);
  const webIfc = await loadWebIfc();
  try {
    return readWith(webIfc, bytes, instances, limits);
  } finally {
    webIfc.api.Dispose();
  }
}

function readWith(
  { api, version, lineConstructors }: WebIfc,
  bytes: Uint8Array,
  instances: StepInstance[],
  limits: AnalysisLimits,
): IfcModel {
  let modelId: number;
  try {
    modelId = api.OpenModel(new Uint8Array(bytes), { COORDINATE_TO_ORIGIN: false });
  } catch (cause) {
    throw new DrawingAnalysisError(
      'MALFORMED_DRAWING',
      `the IFC file could not be parsed: ${message(cause)}`,
      {
        cause,
      },
    );
  }
  if (modelId < 0) throw new DrawingAnalysisError('MALFORMED_DRAWING', 'the IFC file could not be parsed');
  try {
    checkListAttributes(instances, lineConstructors(api.GetModelSchema(modelId)), (name) =>
      api.GetTypeCodeFromName(name),
    );
    return readModel(api, modelId, version, limits);
  } catch (cause) {
    if (cause instanceof DrawingAnalysisError) throw cause;
    throw new DrawingAnalysisError(
      'MALFORMED_DRAWING',
      `the IFC model could not be read: ${message(cause)}`,
      {
        cause,
      },
    );
  } finally {
    api.CloseModel(modelId);
  }
}

/** A STEP file starts with its magic and ends with its terminator; anything else is not worth parsing. */
function checkEnvelope(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new DrawingAnalysisError('TRUNCATED', 'the file is empty');
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '');
  if (!/^\s*ISO-10303-21\s*;/.test(head))
    throw new DrawingAnalysisError('MALFORMED_DRAWING', 'not an IFC file (missing ISO-10303-21 header)');
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 256)));
  if (!/END-ISO-10303-21\s*;\s*$/.test(tail))
    throw new DrawingAnalysisError(
      'TRUNCATED',
      'the IFC file is truncated (no END-ISO-10303-21; at its end)',
    );
}

async function loadWebIfc(): Promise<WebIfc> {
  const mod = (await import(PACKAGE)) as {
    IfcAPI: new () => IfcApiLike;
    LogLevel?: Record<string, number>;
    FromRawLineData: Record<number, LineConstructors | undefined>;
    SchemaNames: Array<string[] | undefined>;
  };
  const api = new mod.IfcAPI();
  await api.Init();
  api.SetLogLevel(mod.LogLevel?.LOG_LEVEL_OFF ?? 6);
  const pkg = JSON.parse(await readFile(new URL('package.json', import.meta.resolve(PACKAGE)), 'utf8')) as {
    version?: string;
  };
  return {
    api,
    version: pkg.version ?? 'unknown',
    lineConstructors: (schema) =>
      mod.FromRawLineData[mod.SchemaNames.findIndex((names) => names?.includes(schema))] ?? {},
  };
}

function readModel(api: IfcApiLike, modelId: number, version: string, limits: AnalysisLimits): IfcModel {
  const lines = new IfcLines(api, modelId);
  const units = unitScales(lines);
  const warnings: string[] = [];
  const elements = new Map<number, IfcElement>();
  for (const ifcClass of IFC_CLASSES) {
    for (const id of lines.idsOf(ifcClass)) {
      if (elements.size >= limits.maxEntities)
        throw new DrawingAnalysisError(
          'TOO_MANY_ENTITIES',
          `the model has more than ${limits.maxEntities} elements`,
          { details: { limit: limits.maxEntities } },
        );
      const line = lines.get(id);
      const width = lines.num(line.OverallWidth);
      const height = lines.num(line.OverallHeight);
      elements.set(id, {
        expressId: id,
        globalId: lines.str(line.GlobalId) ?? `#${id}`,
        ifcClass,
        name: lines.str(line.Name) ?? '',
        predefinedType: lines.str(line.PredefinedType),
        typeName: undefined,
        materials: [],
        storey: undefined,
        given: {},
        overall: width && height ? { width: width * units.length, height: height * units.length } : undefined,
        openings: [],
        fills: undefined,
        mesh: undefined,
      });
    }
  }
  const storeys = lines.idsOf('IfcBuildingStorey').map((id) => {
    const s = lines.get(id);
    const elevation = lines.num(s.Elevation);
    return {
      id,
      name: lines.str(s.Name) ?? `#${id}`,
      elevation: elevation === undefined ? null : elevation * units.length,
    };
  });
  assignStoreys(lines, elements, storeys);
  assignTypesAndMaterials(lines, elements);
  assignQuantities(lines, elements, units);
  assignOpenings(lines, elements);
  const meshed = measureMeshes(api, modelId, [...elements.keys()], elements);
  if (meshed < elements.size)
    warnings.push(`${elements.size - meshed} of ${elements.size} elements have no geometry to measure`);
  return {
    schema: api.GetModelSchema(modelId),
    reader: { name: PACKAGE, version },
    units,
    elements: [...elements.values()],
    storeys: storeys.map(({ id, name, elevation }) => ({ id, name, elevation })),
    warnings,
  };
}

/** Contained-in and aggregated-into relations; parts of an aggregate (roof slabs, stair flights) inherit. */
function assignStoreys(
  lines: IfcLines,
  elements: Map<number, IfcElement>,
  storeys: Array<{ id: number; name: string }>,
): void {
  const storeyName = new Map(storeys.map((s) => [s.id, s.name]));
  const parentOf = new Map<number, number>();
  for (const id of lines.idsOf('IfcRelContainedInSpatialStructure')) {
    const rel = lines.get(id);
    const to = lines.ref(rel.RelatingStructure);
    for (const r of lines.refs(rel.RelatedElements)) if (to !== undefined) parentOf.set(r, to);
  }
  for (const id of lines.idsOf('IfcRelAggregates')) {
    const rel = lines.get(id);
    const to = lines.ref(rel.RelatingObject);
    for (const r of lines.refs(rel.RelatedObjects))
      if (to !== undefined && !parentOf.has(r)) parentOf.set(r, to);
  }
  for (const e of elements.values()) {
    const seen = new Set<number>();
    for (let at = parentOf.get(e.expressId); at !== undefined && !seen.has(at); at = parentOf.get(at)) {
      seen.add(at);
      const name = storeyName.get(at);
      if (name !== undefined) {
        e.storey = name;
        break;
      }
    }
  }
}

function assignTypesAndMaterials(lines: IfcLines, elements: Map<number, IfcElement>): void {
  const typeOf = new Map<number, number>();
  for (const id of lines.idsOf('IfcRelDefinesByType')) {
    const rel = lines.get(id);
    const type = lines.ref(rel.RelatingType);
    if (type === undefined) continue;
    const name = lines.str(lines.get(type).Name);
    for (const r of lines.refs(rel.RelatedObjects)) {
      typeOf.set(r, type);
      const e = elements.get(r);
      if (e && name) e.typeName = name;
    }
  }
  const materialsOf = new Map<number, string[]>();
  for (const id of lines.idsOf('IfcRelAssociatesMaterial')) {
    const rel = lines.get(id);
    const names = lines.materialNames(lines.ref(rel.RelatingMaterial));
    for (const r of lines.refs(rel.RelatedObjects)) materialsOf.set(r, names);
  }
  for (const e of elements.values()) {
    const type = typeOf.get(e.expressId);
    e.materials = materialsOf.get(e.expressId) ?? (type === undefined ? [] : (materialsOf.get(type) ?? []));
  }
}

/** A quantity name counts once per element: a `Qto_*` set wins, else the first set that gives it. */
function assignQuantities(lines: IfcLines, elements: Map<number, IfcElement>, units: UnitScales): void {
  const fromQto = new Map<number, Set<string>>();
  for (const id of lines.idsOf('IfcRelDefinesByProperties')) {
    const rel = lines.get(id);
    const defId = lines.ref(rel.RelatingPropertyDefinition);
    if (defId === undefined || lines.className(defId) !== 'IfcElementQuantity') continue;
    const def = lines.get(defId);
    const qto = /^Qto_/i.test(lines.str(def.Name) ?? '');
    const values: Array<[string, number]> = [];
    for (const q of lines.refs(def.Quantities)) {
      const value = quantityValue(lines, q, units);
      if (value) values.push(value);
    }
    for (const r of lines.refs(rel.RelatedObjects)) {
      const e = elements.get(r);
      if (!e) continue;
      const won = fromQto.get(r) ?? new Set<string>();
      fromQto.set(r, won);
      for (const [name, value] of values) {
        if (won.has(name)) continue;
        if (qto || !(name in e.given)) e.given[name] = value;
        if (qto) won.add(name);
      }
    }
  }
}

function assignOpenings(lines: IfcLines, elements: Map<number, IfcElement>): void {
  for (const id of lines.idsOf('IfcRelVoidsElement')) {
    const rel = lines.get(id);
    const host = elements.get(lines.ref(rel.RelatingBuildingElement) ?? -1);
    const opening = lines.ref(rel.RelatedOpeningElement);
    if (host && opening !== undefined) host.openings.push(opening);
  }
  for (const id of lines.idsOf('IfcRelFillsElement')) {
    const rel = lines.get(id);
    const filler = elements.get(lines.ref(rel.RelatedBuildingElement) ?? -1);
    const opening = lines.ref(rel.RelatingOpeningElement);
    if (filler && opening !== undefined) filler.fills = opening;
  }
}

/** Streams the meshes (openings already cut by web-ifc) and measures them; returns how many had one. */
function measureMeshes(
  api: IfcApiLike,
  modelId: number,
  ids: number[],
  elements: Map<number, IfcElement>,
): number {
  let measured = 0;
  api.StreamMeshes(modelId, ids, (flat) => {
    const e = elements.get(flat.expressID);
    if (!e) return;
    const parts: Array<{ positions: Float64Array; indices: Uint32Array }> = [];
    for (let g = 0; g < flat.geometries.size(); g++) {
      const placed = flat.geometries.get(g);
      const geometry = api.GetGeometry(modelId, placed.geometryExpressID);
      try {
        const verts = api.GetVertexArray(geometry.GetVertexData(), geometry.GetVertexDataSize());
        const idx = api.GetIndexArray(geometry.GetIndexData(), geometry.GetIndexDataSize());
        parts.push({
          positions: placeVertices(verts, placed.flatTransformation),
          indices: Uint32Array.from(idx),
        });
      } finally {
        geometry.delete();
      }
    }
    const figures = meshFigures(merge(parts));
    if (figures) {
      e.mesh = figures;
      measured++;
    }
  });
  return measured;
}

/** web-ifc vertices are (x, y, z, nx, ny, nz); the placement matrix is column-major 4 × 4. */
function placeVertices(v: Float32Array, m: number[]): Float64Array {
  const n = Math.floor(v.length / 6);
  const out = new Float64Array(n * 3);
  const [
    a0 = 1,
    a1 = 0,
    a2 = 0,
    ,
    b0 = 0,
    b1 = 1,
    b2 = 0,
    ,
    c0 = 0,
    c1 = 0,
    c2 = 1,
    ,
    t0 = 0,
    t1 = 0,
    t2 = 0,
  ] = m;
  for (let i = 0; i < n; i++) {
    const x = v[i * 6] ?? 0;
    const y = v[i * 6 + 1] ?? 0;
    const z = v[i * 6 + 2] ?? 0;
    // web-ifc's world is y-up: (x, y, z) there is (x, -z, y) in the model's z-up coordinates
    const wx = a0 * x + b0 * y + c0 * z + t0;
    const wy = a1 * x + b1 * y + c1 * z + t1;
    const wz = a2 * x + b2 * y + c2 * z + t2;
    out[i * 3] = wx;
    out[i * 3 + 1] = -wz;
    out[i * 3 + 2] = wy;
  }
  return out;
}

function merge(parts: Array<{ positions: Float64Array; indices: Uint32Array }>): {
  positions: Float64Array;
  indices: Uint32Array;
} {
  const positions = new Float64Array(parts.reduce((s, p) => s + p.positions.length, 0));
  const indices = new Uint32Array(parts.reduce((s, p) => s + p.indices.length, 0));
  let pv = 0;
  let pi = 0;
  for (const p of parts) {
    positions.set(p.positions, pv);
    for (let i = 0; i < p.indices.length; i++) indices[pi + i] = (p.indices[i] ?? 0) + pv / 3;
    pv += p.positions.length;
    pi += p.indices.length;
  }
  return { positions, indices };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
