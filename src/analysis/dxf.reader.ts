// DXF reader: sections → the normalized drawing model (model space only).
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisLimits } from './analysis.limits.ts';
import type { BlockDefinition, Drawing, DrawingEntity, DrawingHeader, Vec2 } from './drawing.model.ts';
import { dxfEntity } from './dxf-entity.reader.ts';
import {
  countDxfEntities,
  decodeDxfText,
  readDxfSections,
  RecordFields,
  type DxfRecord,
} from './dxf-records.reader.ts';

/** Name and version reported for this reader. */
export const DXF_READER = { name: 'construction-ai-dxf', version: '1.0.0' };

/** Reads an ASCII DXF file into the normalized model. */
export function readDxf(bytes: Uint8Array, limits: AnalysisLimits): Drawing {
  const lines = decodeDxfText(bytes).split(/\r?\n/);
  const count = countDxfEntities(lines);
  if (count > limits.maxEntities) {
    throw new DrawingAnalysisError(
      'TOO_MANY_ENTITIES',
      `the drawing has ${count} entities; the limit is ${limits.maxEntities}`,
      {
        details: { entities: count, limit: limits.maxEntities },
      },
    );
  }
  const sections = readDxfSections(lines);
  const drawing: Drawing = {
    format: 'dxf',
    reader: DXF_READER,
    header: {
      insunits: undefined,
      measurement: undefined,
      dimlunit: undefined,
      extMin: undefined,
      extMax: undefined,
    },
    layers: [],
    blocks: new Map(),
    entities: [],
    warnings: [],
  };
  for (const section of sections) {
    if (section.name === 'HEADER') drawing.header = readHeader(section.records);
    else if (section.name === 'TABLES') drawing.layers = readLayers(section.records);
    else if (section.name === 'BLOCKS') drawing.blocks = readBlocks(section.records);
    else if (section.name === 'ENTITIES') drawing.entities = readEntities(section.records, false);
  }
  return drawing;
}

/** HEADER holds one pseudo-record per run of variables; variables start with code 9. */
function readHeader(records: DxfRecord[]): DrawingHeader {
  const vars = new Map<string, Map<number, string>>();
  for (const r of records) {
    let name = '';
    r.codes.forEach((code, i) => {
      const value = r.values[i] ?? '';
      if (code === 9) {
        name = value;
        vars.set(name, new Map());
      } else if (name && !vars.get(name)?.has(code)) vars.get(name)?.set(code, value);
    });
  }
  const num = (name: string, code: number): number | undefined => {
    const v = Number(vars.get(name)?.get(code));
    return vars.get(name)?.has(code) && Number.isFinite(v) ? v : undefined;
  };
  const point = (name: string): Vec2 | undefined => {
    const x = num(name, 10);
    const y = num(name, 20);
    return x === undefined || y === undefined ? undefined : { x, y };
  };
  return {
    insunits: num('$INSUNITS', 70),
    measurement: num('$MEASUREMENT', 70),
    dimlunit: num('$DIMLUNIT', 70),
    extMin: point('$EXTMIN'),
    extMax: point('$EXTMAX'),
  };
}

function readLayers(records: DxfRecord[]): string[] {
  return records
    .filter((r) => r.type === 'LAYER')
    .map((r) => new RecordFields(r).str(2))
    .filter((n) => n !== '');
}

function readBlocks(records: DxfRecord[]): Map<string, BlockDefinition> {
  const blocks = new Map<string, BlockDefinition>();
  let i = 0;
  while (i < records.length) {
    const r = records[i];
    i++;
    if (r?.type !== 'BLOCK') continue;
    const f = new RecordFields(r);
    const body: DxfRecord[] = [];
    while (i < records.length && records[i]?.type !== 'ENDBLK' && records[i]?.type !== 'BLOCK') {
      const next = records[i];
      if (next) body.push(next);
      i++;
    }
    const name = f.str(2);
    blocks.set(name, { name, base: { x: f.num(10), y: f.num(20) }, entities: readEntities(body, true) });
  }
  return blocks;
}

/** Groups POLYLINE with its VERTEX records; drops paper-space entities from ENTITIES. */
function readEntities(records: DxfRecord[], inBlock: boolean): DrawingEntity[] {
  const out: DrawingEntity[] = [];
  let i = 0;
  while (i < records.length) {
    const r = records[i];
    i++;
    if (!r || r.type === 'SEQEND' || r.type === 'VERTEX') continue;
    const vertices: DxfRecord[] = [];
    if (r.type === 'POLYLINE') {
      while (i < records.length && records[i]?.type === 'VERTEX') {
        const v = records[i];
        if (v) vertices.push(v);
        i++;
      }
    }
    if (!inBlock && new RecordFields(r).num(67) === 1) continue;
    out.push(dxfEntity(r, vertices));
  }
  return out;
}
