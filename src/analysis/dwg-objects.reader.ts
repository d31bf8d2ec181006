// What libredwg-web's converter loses, read from the raw DWG objects before they are freed:
// - the last vertex of every old-style POLYLINE in R13–R2000 files: the binding walks first_vertex → next
//   object while the object is not last_vertex, so it stops before the last one (an R13 file has no
//   LWPOLYLINE, so every polyline of an R13 drawing lost a vertex: a closed rectangle became a triangle);
// - the entity types it does not convert at all, counted so the result can say what the takeoff could not see.
import type { DwgEntityLike } from './dwg-entity.reader.ts';

/** The raw-object part of the libredwg-web module. */
export interface DwgObjectsWasm {
  dwg_get_num_objects(data: number): number;
  dwg_get_object(data: number, index: number): number;
  dwg_object_get_fixedtype(obj: number): number;
  dwg_object_get_dxfname(obj: number): string;
  dwg_object_to_entity_tio(obj: number): number;
}

/** The wrapper functions used on raw objects. */
export interface DwgObjectsLib {
  dwg_object_get_handle_object(obj: number): { value?: number | bigint } | undefined;
  dwg_dynapi_entity_data(tio: number, field: string): unknown;
  dwg_ref_object(data: number, ref: number): number;
}

/** A polyline's true last vertex, by the polyline's handle (hex, as the converter spells it). */
export type LastVertices = Map<string, { x: number; y: number; bulge: number; flag: number }>;

const POLYLINE_2D = 15;
const POLYLINE_3D = 16;
/** Versions whose polylines link their vertices by first/last handles (R2004+ list them). */
const LINKED_VERTEX_VERSIONS = new Set(['AC1012', 'AC1013', 'AC1014', 'AC1015']);
/** Raw objects that are parts of other entities, never converted on their own. */
const PARTS = /^(VERTEX.*|SEQEND|ATTRIB|BLOCK|ENDBLK)$/;

/** Everything read from the raw objects. */
export interface RawObjectFacts {
  lastVertices: LastVertices;
  /** Entity counts by DXF name, as stored in the file. */
  entityCounts: Map<string, number>;
}

/** Walks the raw objects once; `version` is the file's header string (`AC1015`). */
export function readRawObjects(
  wasm: DwgObjectsWasm,
  lib: DwgObjectsLib,
  data: number,
  version: string,
): RawObjectFacts {
  const lastVertices: LastVertices = new Map();
  const entityCounts = new Map<string, number>();
  const linked = LINKED_VERTEX_VERSIONS.has(version);
  const n = wasm.dwg_get_num_objects(data);
  for (let i = 0; i < n; i++) {
    const obj = wasm.dwg_get_object(data, i);
    const tio = obj ? wasm.dwg_object_to_entity_tio(obj) : 0;
    if (!tio) continue;
    const name = storedName(wasm.dwg_object_get_dxfname(obj));
    if (!PARTS.test(name)) entityCounts.set(name, (entityCounts.get(name) ?? 0) + 1);
    const type = wasm.dwg_object_get_fixedtype(obj);
    if (!linked || (type !== POLYLINE_2D && type !== POLYLINE_3D)) continue;
    const handle = lib.dwg_object_get_handle_object(obj)?.value;
    const ref = lib.dwg_dynapi_entity_data(tio, 'last_vertex');
    const vertex = typeof ref === 'number' && ref ? lib.dwg_ref_object(data, ref) : 0;
    const vtio = vertex ? wasm.dwg_object_to_entity_tio(vertex) : 0;
    if (handle === undefined || !vtio) continue;
    const point = lib.dwg_dynapi_entity_data(vtio, 'point') as { x?: number; y?: number } | undefined;
    if (typeof point?.x !== 'number' || typeof point.y !== 'number') continue;
    lastVertices.set(handle.toString(16).toUpperCase(), {
      x: point.x,
      y: point.y,
      bulge: Number(lib.dwg_dynapi_entity_data(vtio, 'bulge')) || 0,
      flag: Number(lib.dwg_dynapi_entity_data(vtio, 'flag')) || 0,
    });
  }
  return { lastVertices, entityCounts };
}

/** Appends the lost last vertex to converted POLYLINE2D/3D entities that end before it. */
export function restoreLastVertices(entities: DwgEntityLike[], last: LastVertices): number {
  let restored = 0;
  for (const e of entities) {
    if (e.type !== 'POLYLINE2D' && e.type !== 'POLYLINE3D') continue;
    const v = last.get(String(e.handle ?? ''));
    const list = Array.isArray(e.vertices) ? (e.vertices as Array<{ x?: number; y?: number }>) : undefined;
    if (!v || !list) continue;
    const end = list[list.length - 1];
    if (end && end.x === v.x && end.y === v.y) continue;
    list.push({ x: v.x, y: v.y, bulge: v.bulge, flag: v.flag } as { x: number; y: number });
    restored++;
  }
  return restored;
}

/** Warnings for entity types stored in the file that the converter returned fewer of (or none). */
export function unconvertedWarnings(stored: Map<string, number>, converted: DwgEntityLike[]): string[] {
  const seen = new Map<string, number>();
  for (const e of converted) {
    const name = DXF_NAME[e.type] ?? e.type;
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const [name, count] of [...stored].sort((a, b) => a[0].localeCompare(b[0]))) {
    const missing = count - (seen.get(name) ?? 0);
    if (missing > 0)
      out.push(
        `${missing} ${name} ${missing === 1 ? 'entity' : 'entities'} in the file could not be converted`,
      );
  }
  return out;
}

/** Converter type names → the names {@link storedName} gives. */
const DXF_NAME: Record<string, string> = { POLYLINE2D: 'POLYLINE', POLYLINE3D: 'POLYLINE' };

/** libredwg's object names → DXF names (meshes kept apart: the converter reads none of them). */
function storedName(name: string): string {
  if (name.startsWith('DIMENSION_')) return 'DIMENSION';
  if (name === 'POLYLINE_2D' || name === 'POLYLINE_3D') return 'POLYLINE';
  if (name === 'POLYLINE_PFACE') return 'POLYLINE (polyface mesh)';
  if (name === 'POLYLINE_MESH') return 'POLYLINE (polygon mesh)';
  return name;
}
