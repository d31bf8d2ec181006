// Takeoff quality: per drawing of the truth set (test/fixtures/truth/), each quantity beside its truth,
// the error and whether it is within tolerance (or flagged for review), then the share within tolerance.
// Run: node --import tsx bench/takeoff-quality.bench.ts
import { readFile } from 'node:fs/promises';
import { analyzeBytes } from '../src/analysis/index.ts';
import { compare, TRUTH_SET, type TruthRow } from '../test/fixtures/truth/plans.truth.ts';
import { printTable } from './support.ts';

const DRAWINGS = new URL('../../shared/drawings/', import.meta.url);

const rows: TruthRow[] = [];
for (const d of TRUTH_SET) {
  const bytes = d.generate
    ? new TextEncoder().encode(d.generate())
    : await readFile(new URL(d.file ?? d.name, DRAWINGS));
  const start = performance.now();
  const r = await analyzeBytes({ bytes, filename: d.file ?? 'generated.dxf' });
  const ms = performance.now() - start;
  const mine = compare(d, r);
  rows.push(...mine);
  console.log(`\n${d.name} (${ms.toFixed(0)} ms; units ${r.units.name}, confidence ${r.units.confidence})`);
  printTable(
    ['quantity', 'truth', 'takeoff', 'error', 'tolerance', 'verdict'],
    mine.map((row) => [
      row.key,
      String(row.truth),
      row.got === undefined
        ? '—'
        : typeof row.got === 'number'
          ? String(Math.round(row.got * 1000) / 1000)
          : row.got,
      row.error === undefined ? '' : `${(row.error * 100).toFixed(1)} %`,
      row.tolerance === 0 ? 'exact' : `${(row.tolerance * 100).toFixed(1)} %`,
      row.within ? 'ok' : row.flagged ? 'flagged for review' : 'WRONG',
    ]),
  );
}
const within = rows.filter((r) => r.within).length;
const flagged = rows.filter((r) => !r.within && r.flagged).length;
console.log(
  `\nsummary: ${within}/${rows.length} quantities within tolerance (${((100 * within) / rows.length).toFixed(1)} %), ${flagged} more flagged for review, ${rows.length - within - flagged} wrong and unflagged`,
);
