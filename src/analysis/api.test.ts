import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { buildRoomDxf } from '../../test/fixtures/drawings/room.fixture.ts';
import { SHARED_DRAWINGS } from '../../test/fixtures/drawings/hostile.fixture.ts';
import { analyzeBytes, analyzeDrawing, renderDrawingPreview, runAnalyzeCommand } from './index.ts';
import { prepareDrawing } from './analyze.pipeline.ts';
import { renderPreviewSvg } from './preview-svg.renderer.ts';
import { AppError } from '../shared/app-error.ts';
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisResult } from './analysis.result.ts';

const room = { bytes: new TextEncoder().encode(buildRoomDxf({ unit: 'mm' })), filename: 'room.dxf' };

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

void describe('public API', () => {
  void it('analyzeDrawing runs in a worker and gives the in-process result', async () => {
    const progress: number[] = [];
    const viaWorker = await analyzeDrawing(room, { storeyHeight: 2.8, onProgress: (f) => progress.push(f) });
    const direct = await analyzeBytes(room, { storeyHeight: 2.8 });
    assert.deepEqual({ ...viaWorker, timings: null }, { ...direct, timings: null });
    assert.equal(progress.at(-1), 1);
  });

  void it('reads DWG in the worker with a fresh reader per file', async () => {
    const bytes = await readFile(new URL('example_2000.dwg', SHARED_DRAWINGS));
    const [a, b] = await Promise.all([
      analyzeDrawing({ bytes, filename: 'a.dwg' }),
      analyzeDrawing({ bytes, filename: 'b.dwg' }),
    ]);
    assert.equal(a.reader.name, '@mlightcad/libredwg-web');
    assert.deepEqual(a.measurements, b.measurements);
  });

  void it('errors are 422 AppErrors with a stable code', async () => {
    const error = await analyzeDrawing({ bytes: new Uint8Array([1, 2, 3]), filename: 'x.txt' }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof DrawingAnalysisError && error instanceof AppError);
    assert.deepEqual([error.code, error.statusCode], ['UNSUPPORTED_FORMAT', 422]);
  });

  void it('the preview colours classified elements and has a legend', async () => {
    const svg = gunzipSync(await renderDrawingPreview(room, { width: 800 })).toString();
    assert.match(svg, /^<svg [^>]*width="800"/);
    for (const cls of ['wall', 'door', 'window', 'slab', 'plumbing_fixture', 'pipe', 'finish'])
      assert.match(svg, new RegExp(`data-class="${cls}"`));
    assert.match(svg, /<g class="legend">.*wall \(8\)/s);
    // The worker renders (and gzips) exactly what the renderer produces in this thread.
    assert.equal(svg, renderPreviewSvg(await prepareDrawing(room, {}), { width: 800 }));
  });

  void it('the CLI prints a table, or the full result with --json, and exits 1 on a bad drawing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'analyze-'));
    try {
      const file = join(dir, 'room.dxf');
      await writeFile(file, room.bytes);
      const table = capture();
      const err = capture();
      assert.equal(await runAnalyzeCommand([file, '--storey-height', '2.5'], table.stream, err.stream), 0);
      assert.match(table.text(), /Wall \(masonry\) face area, gross\s+90\.000\s+m2/);
      assert.match(err.text(), /100%/);
      const json = capture();
      assert.equal(await runAnalyzeCommand([file, '--json'], json.stream, capture().stream), 0);
      const result = JSON.parse(json.text()) as AnalysisResult;
      assert.equal(result.walls.centreLineLengthM, 36);
      const forced = capture();
      assert.equal(
        await runAnalyzeCommand([file, '--json', '--units', 'cm'], forced.stream, capture().stream),
        0,
      );
      const inCm = JSON.parse(forced.text()) as AnalysisResult;
      assert.deepEqual([inCm.units.name, inCm.units.override], ['centimetres', 'cm']);
      assert.ok(
        Math.abs(inCm.extents.widthM - 10 * result.extents.widthM) < 1e-9,
        'read as cm, ten times wider',
      );
      const wrongUnit = capture();
      assert.equal(await runAnalyzeCommand([file, '--units', 'yd'], capture().stream, wrongUnit.stream), 2);
      assert.match(wrongUnit.text(), /--units needs one of in, ft, mm, cm, m/);
      await writeFile(join(dir, 'bad.dxf'), '0\nSECTION\n');
      const bad = capture();
      assert.equal(await runAnalyzeCommand([join(dir, 'bad.dxf')], capture().stream, bad.stream), 1);
      assert.match(bad.text(), /TRUNCATED/);
      assert.equal(await runAnalyzeCommand(['--nope'], capture().stream, capture().stream), 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it('the worker also starts when tsx is registered in-process, as bin/construction-ai.js does', () => {
    const script = `
      import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
      register();
      const { analyzeDrawing } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)});
      const r = await analyzeDrawing({ bytes: new TextEncoder().encode(${JSON.stringify(buildRoomDxf({ unit: 'm' }))}), filename: 'r.dxf' });
      console.log(r.walls.centreLineLengthM);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), '36');
  });
});

void describe('without the optional DWG reader', () => {
  void it('DWG analyses fail as DWG_READER_MISSING while DXF still works', () => {
    // A resolve hook hides the package, as `npm ci --omit=optional` would.
    const hide = `export async function resolve(s, c, next) { if (s.startsWith('@mlightcad/libredwg-web')) throw Object.assign(new Error('not installed'), { code: 'ERR_MODULE_NOT_FOUND' }); return next(s, c); }`;
    const script = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hide)}));
      const { analyzeBytes } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)});
      const dwg = await analyzeBytes({ bytes: new TextEncoder().encode('AC1015' + 'x'.repeat(100)), filename: 'a.dwg' }).catch((e) => e.code);
      const dxf = await analyzeBytes({ bytes: new TextEncoder().encode(${JSON.stringify(buildRoomDxf({ unit: 'm' }))}), filename: 'r.dxf' });
      console.log(dwg, dxf.walls.centreLineLengthM);`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: new URL('../..', import.meta.url),
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'DWG_READER_MISSING 36');
  });
});
