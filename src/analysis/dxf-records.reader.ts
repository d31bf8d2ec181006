// DXF group-code layer: text → (code, value) records, with truncation and size limits enforced up front.
import { DrawingAnalysisError } from './analysis.errors.ts';

/** One DXF object: the text after group code 0 and the (code, value) pairs that follow it. */
export interface DxfRecord {
  type: string;
  codes: number[];
  values: string[];
}

/** A SECTION with the records inside it. */
export interface DxfSection {
  name: string;
  records: DxfRecord[];
}

const BINARY_SENTINEL = 'AutoCAD Binary DXF';

/** Decodes DXF bytes to text; binary DXF is refused with UNSUPPORTED_FORMAT. */
export function decodeDxfText(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, BINARY_SENTINEL.length));
  if (head === BINARY_SENTINEL) {
    throw new DrawingAnalysisError(
      'UNSUPPORTED_FORMAT',
      'binary DXF is not supported; save the drawing as ASCII DXF',
    );
  }
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // A file saved in a Windows code page shows replacement characters when read as UTF-8.
  return utf8.includes('\uFFFD') ? new TextDecoder('windows-1252').decode(bytes) : utf8;
}

/**
 * Counts group-code-0 objects inside the ENTITIES and BLOCKS sections without building them, so a
 * huge file is refused before it costs memory.
 */
export function countDxfEntities(lines: readonly string[]): number {
  let count = 0;
  let inGeometry = false;
  for (let i = 0; i + 1 < lines.length; i += 2) {
    if ((lines[i] ?? '').trim() !== '0') continue;
    const value = (lines[i + 1] ?? '').trim();
    if (value === 'SECTION') {
      const name = (lines[i + 3] ?? '').trim();
      inGeometry = name === 'ENTITIES' || name === 'BLOCKS';
    } else if (value === 'ENDSEC') inGeometry = false;
    else if (
      inGeometry &&
      value !== 'VERTEX' &&
      value !== 'SEQEND' &&
      value !== 'BLOCK' &&
      value !== 'ENDBLK'
    )
      count++;
  }
  return count;
}

/** Splits DXF text into sections of records; throws TRUNCATED or MALFORMED_DRAWING on bad structure. */
export function readDxfSections(lines: readonly string[]): DxfSection[] {
  const sections: DxfSection[] = [];
  let current: DxfSection | undefined;
  let record: DxfRecord | undefined;
  let sawEof = false;
  const pairCount = Math.floor(lines.length / 2);
  for (let p = 0; p < pairCount; p++) {
    const codeText = (lines[2 * p] ?? '').trim();
    const value = (lines[2 * p + 1] ?? '').trim();
    if (codeText === '' && value === '' && p >= pairCount - 1) break;
    const code = Number(codeText);
    if (!Number.isInteger(code) || codeText === '') {
      throw new DrawingAnalysisError('MALFORMED_DRAWING', `DXF group code expected on line ${2 * p + 1}`, {
        details: { line: 2 * p + 1 },
      });
    }
    if (code !== 0) {
      if (current && !record && code === 2 && current.name === '') {
        current.name = value;
        continue;
      }
      if (current && !record) {
        // HEADER variables (code 9) come without a code-0 object: collect them in a pseudo-record.
        record = { type: '', codes: [], values: [] };
        current.records.push(record);
      }
      record?.codes.push(code);
      record?.values.push(value);
      continue;
    }
    if (value === 'SECTION') {
      current = { name: '', records: [] };
      record = undefined;
    } else if (value === 'ENDSEC') {
      if (current) sections.push(current);
      current = undefined;
      record = undefined;
    } else if (value === 'EOF') {
      sawEof = true;
      break;
    } else if (current) {
      if (current.name === '') current.name = 'UNNAMED';
      record = { type: value, codes: [], values: [] };
      current.records.push(record);
    }
  }
  if (!sawEof || current) {
    throw new DrawingAnalysisError(
      'TRUNCATED',
      'the DXF file ends before its EOF marker (truncated upload?)',
    );
  }
  if (sections.length === 0) {
    throw new DrawingAnalysisError('MALFORMED_DRAWING', 'no DXF sections found');
  }
  return sections;
}

/** Read access to one record's group codes. */
export class RecordFields {
  constructor(private readonly record: DxfRecord) {}

  /** The first value of `code` as a number, or `fallback`. */
  num(code: number, fallback = 0): number {
    const i = this.record.codes.indexOf(code);
    if (i < 0) return fallback;
    const n = Number(this.record.values[i]);
    return Number.isFinite(n) ? n : fallback;
  }

  /** The first value of `code` as text, or ''. */
  str(code: number): string {
    const i = this.record.codes.indexOf(code);
    return i < 0 ? '' : (this.record.values[i] ?? '');
  }

  /** Whether `code` occurs. */
  has(code: number): boolean {
    return this.record.codes.includes(code);
  }

  /** All (code, numeric value) pairs in file order, for entities whose codes repeat. */
  sequence(): Array<[number, number, string]> {
    return this.record.codes.map((c, i) => {
      const v = this.record.values[i] ?? '';
      return [c, Number(v), v];
    });
  }
}
