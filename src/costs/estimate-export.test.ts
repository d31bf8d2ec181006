import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { buildCatalog } from './catalog.ts';
import { CATALOG_SEED } from './seed/catalog.seed.ts';
import type { Estimate } from './costs.schemas.ts';
import { linesFromMaterialMap } from './estimate-input.ts';
import { csvField, toCsv, toXlsx } from './estimate-export.ts';
import { estimateCost } from './estimator.ts';
import { buildLocationIndex, findLocation } from './location-lookup.ts';
import { LOCATION_SEED } from './seed/locations.seed.ts';

const estimate: Estimate = estimateCost({
  catalog: buildCatalog(CATALOG_SEED),
  location: findLocation(buildLocationIndex(LOCATION_SEED), 'Chicago, IL'),
  markup: { overheadPct: 12.5, profitPct: 7 },
  lines: [
    ...linesFromMaterialMap({ concrete: 123.4, steel: 5678, wood: 9.87, doors: 14, paint: 640, tiles: 33.3 }),
    { sourceRef: '=HYPERLINK("http://evil")', material: 'drywall', quantity: 250 },
    { sourceRef: 'layer "A-WALL", level 2\nnorth', material: 'brick', quantity: 12000 },
  ],
});

/** Minimal RFC 4180 reader (CRLF records, quoted fields with doubled quotes), enough to check toCsv. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('toXlsx', () => {
  it('reads back with totals equal to the estimate, numbers stored as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    // exceljs types its buffer as an ArrayBuffer; a Node Buffer is what it reads at run time.
    await workbook.xlsx.load((await toXlsx(estimate)) as unknown as ExcelJS.Buffer);
    const summary = workbook.getWorksheet('Summary');
    const lines = workbook.getWorksheet('Lines');
    assert.ok(summary && lines);

    const byLabel = new Map<string, ExcelJS.Row>();
    summary.eachRow((row) => byLabel.set(row.getCell(1).text, row));
    for (const division of estimate.divisions) {
      const row = byLabel.get(division.division);
      assert.ok(row, division.division);
      assert.equal(row.getCell(8).value, division.total);
      assert.equal(row.getCell(6).value, division.material_cost);
      assert.equal(row.getCell(4).value, division.installation_factor);
      assert.equal(row.getCell(8).numFmt, '#,##0.00');
    }
    assert.equal(byLabel.get('Direct cost')?.getCell(8).value, estimate.direct_cost);
    assert.equal(byLabel.get('Overhead (12.5% of direct cost)')?.getCell(8).value, estimate.overhead);
    assert.equal(byLabel.get('Profit (7% of direct cost + overhead)')?.getCell(8).value, estimate.profit);
    const grandTotal = byLabel.get('Grand total (USD)')?.getCell(8).value;
    assert.equal(typeof grandTotal, 'number');
    assert.equal(grandTotal, estimate.total);

    assert.equal(lines.rowCount, estimate.lines.length + 1);
    estimate.lines.forEach((line, i) => {
      const row = lines.getRow(i + 2);
      assert.equal(row.getCell(1).value, line.source_ref);
      assert.equal(row.getCell(7).value, line.quantity);
      assert.equal(row.getCell(12).value, line.material_factor);
      assert.equal(row.getCell(18).value, line.total);
      assert.equal(row.getCell(18).numFmt, '#,##0.00');
    });
  });
});

describe('toCsv', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('=1+2'), "'=1+2");
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('-1'), "'-1");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('=A1,"x"'), `"'=A1,""x"""`);
    assert.equal(csvField(-1.5), '-1.5');
    assert.equal(csvField(null), '');
  });

  it('round-trips lines and totals, with hostile source refs kept as inert text', () => {
    const csv = toCsv(estimate);
    assert.ok(csv.endsWith('\r\n'));
    const rows = parseCsv(csv);
    const header = rows.findIndex((row) => row[0] === 'Source ref');
    assert.ok(header > 0);
    const lineRows = rows.slice(header + 1, header + 1 + estimate.lines.length);
    assert.deepEqual(
      lineRows.map((row) => [row[0], Number(row[17])]),
      estimate.lines.map((line) => [
        /^[=+\-@]/.test(line.source_ref) ? `'${line.source_ref}` : line.source_ref,
        line.total,
      ]),
    );
    assert.ok(lineRows.some((row) => row[0] === 'layer "A-WALL", level 2\nnorth'));
    assert.ok(lineRows.some((row) => row[0] === `'=HYPERLINK("http://evil")`));
    const grand = rows.find((row) => row[0] === 'Grand total (USD)');
    assert.equal(Number(grand?.[7]), estimate.total);
    assert.ok(rows.every((row) => row.every((field) => !/^[=+\-@]/.test(field) || /^-?\d/.test(field))));
  });
});
