// DWG reader: @mlightcad/libredwg-web (GPL-3.0, optional) loaded at run time, a fresh WASM instance per file.
import { readFile } from 'node:fs/promises';
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisLimits } from './analysis.limits.ts';
import { dwgEntity, type DwgEntityLike } from './dwg-entity.reader.ts';
import {
  readRawObjects,
  restoreLastVertices,
  unconvertedWarnings,
  type DwgObjectsLib,
  type DwgObjectsWasm,
  type RawObjectFacts,
} from './dwg-objects.reader.ts';
import type { BlockDefinition, Drawing, DrawingEntity, Vec2 } from './drawing.model.ts';

const PACKAGE = '@mlightcad/libredwg-web';
const DWG_ERR_CRITICAL = 128;

interface WasmLike extends DwgObjectsWasm {
  FS: { writeFile(name: string, data: Uint8Array): void; unlink(name: string): void };
  dwg_read_file(name: string): { error: number; data: number | undefined };
}

interface BlockRecordLike {
  name: string;
  basePoint?: { x: number; y: number };
  entities: DwgEntityLike[];
}

interface DatabaseLike {
  header: { INSUNITS?: number; MEASUREMENT?: number; DIMLUNIT?: number; EXTMIN?: Vec2; EXTMAX?: Vec2 };
  tables: { LAYER: { entries: Array<{ name: string }> }; BLOCK_RECORD: { entries: BlockRecordLike[] } };
}

interface LibreDwgModule {
  LibreDwg: { create(wasmDir?: string): Promise<unknown> };
}

interface LibreDwgLike extends DwgObjectsLib {
  convertEx(ptr: number): { database: unknown; stats: { unknownEntityCount: number } };
  dwg_free(ptr: number): void;
  dwg_get_version_type(ptr: number): { description?: string; hdr?: string };
}

/** Reads a DWG file (R13–2018) into the normalized model. */
export async function readDwg(bytes: Uint8Array, limits: AnalysisLimits): Promise<Drawing> {
  const { lib, version } = await loadLibreDwg();
  // The wrapper hides the read status; the raw module call tells warnings (<128) from failures.
  const wasm = (lib as unknown as { wasmInstance: WasmLike }).wasmInstance;
  const fileName = 'input.dwg';
  wasm.FS.writeFile(fileName, bytes);
  let result: { error: number; data: number | undefined };
  try {
    result = wasm.dwg_read_file(fileName);
  } catch (cause) {
    throw new DrawingAnalysisError('MALFORMED_DRAWING', 'the DWG file could not be decoded', { cause });
  } finally {
    wasm.FS.unlink(fileName);
  }
  if (result.data === undefined || result.error >= DWG_ERR_CRITICAL) {
    throw new DrawingAnalysisError(
      'MALFORMED_DRAWING',
      `the DWG file could not be decoded (libredwg error ${result.error})`,
      {
        details: { libredwgError: result.error },
      },
    );
  }
  const fileVersion = lib.dwg_get_version_type(result.data);
  const raw = readRawObjects(wasm, lib, result.data, fileVersion.hdr ?? '');
  const { database, stats } = lib.convertEx(result.data);
  lib.dwg_free(result.data);
  const db = database as DatabaseLike;
  return toDrawing(
    db,
    version,
    fileVersion.description ?? fileVersion.hdr ?? '',
    stats.unknownEntityCount,
    raw,
    limits,
  );
}

async function loadLibreDwg(): Promise<{ lib: LibreDwgLike; version: string }> {
  let mod: LibreDwgModule;
  let entry: string;
  try {
    entry = import.meta.resolve(PACKAGE);
    mod = (await import(PACKAGE)) as LibreDwgModule;
  } catch (cause) {
    throw new DrawingAnalysisError(
      'DWG_READER_MISSING',
      'DWG reader not installed (optional package @mlightcad/libredwg-web)',
      {
        cause,
      },
    );
  }
  const wasmDir = decodeURIComponent(new URL('../wasm/', entry).pathname);
  const pkg = JSON.parse(await readFile(new URL('../package.json', entry), 'utf8')) as { version?: string };
  return { lib: (await mod.LibreDwg.create(wasmDir)) as LibreDwgLike, version: pkg.version ?? 'unknown' };
}

function toDrawing(
  db: DatabaseLike,
  version: string,
  fileVersion: string,
  unknown: number,
  raw: RawObjectFacts,
  limits: AnalysisLimits,
): Drawing {
  const converted = db.tables.BLOCK_RECORD.entries.flatMap((r) => r.entities.flatMap(withAttribs));
  const restored = restoreLastVertices(converted, raw.lastVertices);
  const blocks = new Map<string, BlockDefinition>();
  let modelSpace: BlockRecordLike | undefined;
  let count = 0;
  for (const record of db.tables.BLOCK_RECORD.entries) {
    count += record.entities.length;
    if (/^\*model_space$/i.test(record.name)) modelSpace = record;
    else if (/^\*paper_space/i.test(record.name)) continue;
    blocks.set(record.name, {
      name: record.name,
      base: { x: record.basePoint?.x ?? 0, y: record.basePoint?.y ?? 0 },
      entities: record.entities.flatMap(withAttribs).map(dwgEntity),
    });
  }
  if (count > limits.maxEntities) {
    throw new DrawingAnalysisError(
      'TOO_MANY_ENTITIES',
      `the drawing has ${count} entities; the limit is ${limits.maxEntities}`,
      {
        details: { entities: count, limit: limits.maxEntities },
      },
    );
  }
  const entities: DrawingEntity[] = (modelSpace?.entities ?? []).flatMap(withAttribs).map(dwgEntity);
  const warnings = [`DWG file version: ${fileVersion}`];
  if (unknown > 0) warnings.push(`${unknown} entities of types the DWG reader cannot decode were skipped`);
  warnings.push(...unconvertedWarnings(raw.entityCounts, converted));
  if (restored > 0)
    warnings.push(
      `${restored} polylines had their last vertex restored (the DWG reader drops it in R13–R2000 files)`,
    );
  const h = db.header;
  return {
    format: 'dwg',
    reader: { name: PACKAGE, version },
    header: {
      insunits: h.INSUNITS,
      measurement: h.MEASUREMENT,
      dimlunit: h.DIMLUNIT,
      extMin: h.EXTMIN,
      extMax: h.EXTMAX,
    },
    layers: db.tables.LAYER.entries.map((l) => l.name),
    blocks,
    entities,
    warnings,
  };
}

/** ATTRIBs belong to their INSERT in DWG but follow it as separate entities in DXF: list them the DXF way. */
function withAttribs(e: DwgEntityLike): DwgEntityLike[] {
  return e.type === 'INSERT' && Array.isArray(e.attribs) ? [e, ...(e.attribs as DwgEntityLike[])] : [e];
}
