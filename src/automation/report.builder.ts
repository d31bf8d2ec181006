import ExcelJS from 'exceljs';

import { csvField } from '../costs/index.ts';

/** A takeoff line as the analysis result stores it (fields the report shows). */
interface TakeoffLine {
  id?: string;
  description?: string;
  elementClass?: string;
  quantity?: number;
  unit?: string;
  confidence?: number;
}

interface TakeoffResult {
  takeoff?: TakeoffLine[];
  materials?: Record<string, { quantity: number; unit: string }>;
}

const LINE_HEADER = ['Item', 'Element class', 'Description', 'Quantity', 'Unit', 'Confidence'];
const MATERIAL_HEADER = ['Material', 'Quantity', 'Unit'];

function lineRows(result: TakeoffResult): Array<Array<string | number>> {
  return (result.takeoff ?? []).map((l) => [
    l.id ?? '',
    l.elementClass ?? '',
    l.description ?? '',
    l.quantity ?? 0,
    l.unit ?? '',
    l.confidence ?? 0,
  ]);
}

function materialRows(result: TakeoffResult): Array<Array<string | number>> {
  return Object.entries(result.materials ?? {}).map(([name, m]) => [name, m.quantity, m.unit]);
}

/** The takeoff of an analysis result as CSV (CRLF): the line items, then the material quantities. */
export function takeoffCsv(filename: string, result: unknown): string {
  const r = (result ?? {}) as TakeoffResult;
  const rows: Array<Array<string | number>> = [
    ['Quantity takeoff', filename],
    [],
    LINE_HEADER,
    ...lineRows(r),
    [],
    MATERIAL_HEADER,
    ...materialRows(r),
  ];
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The takeoff of an analysis result as a workbook with a Takeoff and a Materials sheet. */
export async function takeoffXlsx(filename: string, result: unknown): Promise<Buffer> {
  const r = (result ?? {}) as TakeoffResult;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Construction AI Platform';
  const lines = workbook.addWorksheet('Takeoff');
  lines.addRow(['Quantity takeoff', filename]).font = { bold: true };
  lines.addRow(LINE_HEADER).font = { bold: true };
  for (const row of lineRows(r)) lines.addRow(row);
  const materials = workbook.addWorksheet('Materials');
  materials.addRow(MATERIAL_HEADER).font = { bold: true };
  for (const row of materialRows(r)) materials.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
