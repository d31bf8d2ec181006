// Prints analysis time and peak memory per drawing in ../shared/drawings (DXF and DWG): in process, and
// through the warm worker pool the server uses (its first call starts the pool; later calls reuse a warm
// thread). Each drawing is measured in its own child process so peak RSS (which includes the DWG reader's WASM
// memory) belongs to that drawing alone. Run: node --import tsx bench/analysis.bench.ts [runs]
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { analyzeBytes, analyzeDrawing, closeWorkerPools } from '../src/analysis/index.ts';

const DRAWINGS = new URL('../../shared/drawings/', import.meta.url);

interface Row {
  file: string;
  kb: number;
  entities: number;
  coldMs: number;
  medianMs: number;
  poolFirstMs: number;
  poolMedianMs: number;
  peakRssMb: number;
  peakHeapMb: number;
}

async function measureOne(name: string, runs: number): Promise<Row> {
  const bytes = await readFile(new URL(name, DRAWINGS));
  const input = { bytes, filename: name };
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
  await analyzeDrawing(input);
  const poolFirstMs = performance.now() - start;
  const pooled: number[] = [];
  for (let i = 0; i < runs; i++) {
    start = performance.now();
    await analyzeDrawing(input);
    pooled.push(performance.now() - start);
  }
  await closeWorkerPools();
  times.sort((a, b) => a - b);
  pooled.sort((a, b) => a - b);
  const entities = Object.values(first.measurements.layers).reduce(
    (s, l) => s + Object.values(l.entities).reduce((a, b) => a + b, 0),
    0,
  );
  return {
    file: name,
    kb: Math.round(bytes.length / 1024),
    entities,
    coldMs: round(coldMs),
    medianMs: round(times[Math.floor(times.length / 2)] ?? coldMs),
    poolFirstMs: round(poolFirstMs),
    poolMedianMs: round(pooled[Math.floor(pooled.length / 2)] ?? poolFirstMs),
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
    process.stdout.write(JSON.stringify(await measureOne(arg, Number(process.env.BENCH_RUNS ?? 5))));
    return;
  }
  const runs = Number(mode ?? 5);
  const names = (await readdir(DRAWINGS)).filter((n) => /\.(dxf|dwg)$/i.test(n)).sort();
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
    `node ${process.version}, ${runs} timed runs per drawing after one cold run; medianMs in process; ` +
      `poolFirstMs = first analyzeDrawing() (starts the pool's thread), poolMedianMs = median of ${runs} on the warm pool`,
  );
  console.table(rows);
}

await main();
