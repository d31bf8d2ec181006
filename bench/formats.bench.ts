// Prints analysis time and peak memory per PDF and IFC file in ../shared/drawings, plus generated sheets.
// Each file is measured in its own child process so peak RSS (which includes pdf.js's and web-ifc's memory,
// WASM included) belongs to that file alone. Run: node --import tsx bench/formats.bench.ts [runs]
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { manyOperatorsPdf, roomPdf } from '../test/fixtures/pdf/plans.fixture.ts';
import { analyzeBytes, analyzeDrawing, type AnalysisResult } from '../src/analysis/index.ts';

const DRAWINGS = new URL('../../shared/drawings/', import.meta.url);
const GENERATED: Record<string, () => Promise<Uint8Array>> = {
  'generated:room-1to50.pdf': () => roomPdf({ ratio: 50, note: 'SCALE 1:50' }),
  'generated:300k-paths.pdf': () => manyOperatorsPdf(1_000_000),
};

interface Row {
  file: string;
  kb: number;
  read: string;
  scaleOrStoreys: string;
  coldMs: number;
  medianMs: number;
  workerMs: number | string;
  peakRssMb: number;
  peakHeapMb: number;
}

async function bytesOf(name: string): Promise<Uint8Array> {
  const make = GENERATED[name];
  return make ? make() : readFile(new URL(name, DRAWINGS));
}

function summary(r: AnalysisResult): Pick<Row, 'read' | 'scaleOrStoreys'> {
  const pages = r.measurements.pages;
  if (pages) {
    const vector = pages.filter((p) => p.vector).length;
    return {
      read: `${pages.length} pages (${vector} vector), ${pages.reduce((s, p) => s + p.length, 0).toFixed(2)} m stroked`,
      scaleOrStoreys: pages.map((p) => p.scale?.text ?? '-').join(' '),
    };
  }
  const elements = Object.values(r.measurements.elements ?? {}).reduce((s, c) => s + c.count, 0);
  return {
    read: `${elements} elements, ${r.takeoff.length} line items`,
    scaleOrStoreys: `${r.measurements.storeys?.length ?? 0} storeys`,
  };
}

async function measureOne(name: string, runs: number): Promise<Row> {
  const bytes = await bytesOf(name);
  const input = { bytes, filename: name.replace(/^generated:/, '') };
  let start = performance.now();
  const first = await analyzeBytes(input);
  const coldMs = performance.now() - start;
  const times: number[] = [];
  let peakHeap = process.memoryUsage().heapUsed;
  for (let i = 0; i < runs; i++) {
    start = performance.now();
    await analyzeBytes(input);
    times.push(performance.now() - start);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  start = performance.now();
  const workerMs = await analyzeDrawing(input).then(
    () => round(performance.now() - start),
    (e: unknown) => `${(e as { code?: string }).code ?? 'error'} after ${round(performance.now() - start)}`,
  );
  times.sort((a, b) => a - b);
  return {
    file: name,
    kb: Math.round(bytes.length / 1024),
    ...summary(first),
    coldMs: round(coldMs),
    medianMs: round(times[Math.floor(times.length / 2)] ?? coldMs),
    workerMs,
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    peakHeapMb: round(peakHeap / 2 ** 20),
  };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === '--one' && arg) {
    process.stdout.write(JSON.stringify(await measureOne(arg, Number(process.env.BENCH_RUNS ?? 3))));
    return;
  }
  const runs = Number(mode ?? 3);
  const names = [
    ...(await readdir(DRAWINGS)).filter((n) => /\.(pdf|ifc)$/i.test(n)).sort(),
    ...Object.keys(GENERATED),
  ];
  const rows: Row[] = [];
  for (const name of names) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', name],
      {
        encoding: 'utf8',
        env: { ...process.env, BENCH_RUNS: String(runs) },
      },
    );
    if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
    rows.push(JSON.parse(child.stdout) as Row);
  }
  console.log(
    `node ${process.version}, ${runs} timed runs per file after one cold run (in-thread); worker = one analyzeDrawing() ` +
      'with the default limits (60 s, 512 MB heap) incl. worker start-up',
  );
  console.table(rows);
}

await main();
