/**
 * Estimate exports an estimator can open: an xlsx workbook (Summary by division with markup and grand
 * total; Lines with quantities, unit costs and factors) and a CSV of the same content. Cells hold the
 * estimate's presented numbers as numbers (with number formats), so the totals equal the API's exactly;
 * no formulas are written because a SUM of rounded lines could differ by a cent from the rounded total.
 */
import ExcelJS from 'exceljs';
import type { Estimate, EstimateLine } from './costs.schemas.ts';

const MONEY = '#,##0.00';
const RATE = '#,##0.0000';
const FACTOR = '0.0000';
const PERCENT = '0.0"%"';
const QUANTITY = '#,##0.0000';

type Column<T> = { header: string; width: number; format?: string; value: (row: T) => string | number };

/** Columns of the Lines sheet and of the CSV line table, in order. */
const LINE_COLUMNS: ReadonlyArray<Column<EstimateLine>> = [
  { header: 'Source ref', width: 18, value: (l) => l.source_ref },
  { header: 'Division', width: 9, value: (l) => l.division },
  { header: 'Division title', width: 28, value: (l) => l.division_name },
  { header: 'Material', width: 18, value: (l) => l.material },
  { header: 'Description', width: 44, value: (l) => l.name },
  { header: 'Unit', width: 6, value: (l) => l.unit },
  { header: 'Quantity', width: 12, format: QUANTITY, value: (l) => l.quantity },
  { header: 'Waste %', width: 9, format: PERCENT, value: (l) => l.waste_pct },
  { header: 'Quantity incl. waste', width: 14, format: QUANTITY, value: (l) => l.quantity_with_waste },
  { header: 'Material unit price', width: 14, format: RATE, value: (l) => l.material_unit_price },
  { header: 'Installation unit cost', width: 14, format: RATE, value: (l) => l.installation_unit_cost },
  { header: 'Material factor', width: 10, format: FACTOR, value: (l) => l.material_factor },
  { header: 'Installation factor', width: 10, format: FACTOR, value: (l) => l.installation_factor },
  {
    header: 'Adjusted material unit price',
    width: 14,
    format: RATE,
    value: (l) => l.adjusted_material_unit_price,
  },
  {
    header: 'Adjusted installation unit cost',
    width: 14,
    format: RATE,
    value: (l) => l.adjusted_installation_unit_cost,
  },
  { header: 'Material cost', width: 14, format: MONEY, value: (l) => l.material_cost },
  { header: 'Installation cost', width: 14, format: MONEY, value: (l) => l.installation_cost },
  { header: 'Line total', width: 14, format: MONEY, value: (l) => l.total },
];

const SUMMARY_HEADER = [
  'Division',
  'Title',
  'Material factor',
  'Installation factor',
  'Lines',
  'Material',
  'Installation',
  'Total',
];

/** Rows of the summary table: one per division, then direct cost, overhead, profit and grand total. */
function summaryRows(estimate: Estimate): Array<Array<string | number | null>> {
  return [
    ...estimate.divisions.map((d) => [
      d.division,
      d.division_name,
      d.material_factor,
      d.installation_factor,
      d.line_count,
      d.material_cost,
      d.installation_cost,
      d.total,
    ]),
    [
      'Direct cost',
      null,
      null,
      null,
      estimate.lines.length,
      estimate.material_cost,
      estimate.installation_cost,
      estimate.direct_cost,
    ],
    [
      `Overhead (${estimate.overhead_pct}% of direct cost)`,
      null,
      null,
      null,
      null,
      null,
      null,
      estimate.overhead,
    ],
    [
      `Profit (${estimate.profit_pct}% of direct cost + overhead)`,
      null,
      null,
      null,
      null,
      null,
      null,
      estimate.profit,
    ],
    [`Grand total (${estimate.currency})`, null, null, null, null, null, null, estimate.total],
  ];
}

function locationText(estimate: Estimate): string {
  const { name, region, country } = estimate.location;
  return [name, region, country].filter((part) => part !== '').join(', ');
}

/** Workbook with a Summary sheet (by division, markup, grand total) and a Lines sheet. */
export async function toXlsx(estimate: Estimate): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Construction AI Platform';
  const summary = workbook.addWorksheet('Summary');
  summary.addRow(['Cost estimate']).font = { bold: true, size: 14 };
  summary.addRow(['Location', locationText(estimate)]);
  summary.addRow(['Currency', estimate.currency]);
  summary.addRow([]);
  const header = summary.addRow(SUMMARY_HEADER);
  header.font = { bold: true };
  const firstData = header.number + 1;
  for (const values of summaryRows(estimate)) summary.addRow(values);
  const lastRow = summary.lastRow?.number ?? firstData;
  for (let r = firstData; r <= lastRow; r++) {
    const row = summary.getRow(r);
    for (const c of [3, 4]) row.getCell(c).numFmt = FACTOR;
    for (const c of [6, 7, 8]) row.getCell(c).numFmt = MONEY;
    if (r > lastRow - 4) row.font = { bold: true };
  }
  summary.columns.forEach((column, i) => (column.width = i === 0 ? 44 : i === 1 ? 30 : 14));

  const lines = workbook.addWorksheet('Lines');
  lines.columns = LINE_COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    style: { numFmt: c.format },
  }));
  lines.getRow(1).font = { bold: true };
  for (const line of estimate.lines) lines.addRow(LINE_COLUMNS.map((c) => c.value(line)));
  lines.views = [{ state: 'frozen', ySplit: 1 }];

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * One CSV field: RFC 4180 quoting (fields holding a comma, quote, CR or LF are quoted, quotes doubled) and
 * spreadsheet formula-injection defence (text starting with = + - @, tab or CR gets a leading ').
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV (CRLF line ends): a header block, the line table, then the summary table by division with markup. */
export function toCsv(estimate: Estimate): string {
  const rows: Array<Array<string | number | null>> = [
    ['Cost estimate', locationText(estimate), 'Currency', estimate.currency],
    [],
    LINE_COLUMNS.map((c) => c.header),
    ...estimate.lines.map((line) => LINE_COLUMNS.map((c) => c.value(line))),
    [],
    SUMMARY_HEADER,
    ...summaryRows(estimate),
  ];
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
