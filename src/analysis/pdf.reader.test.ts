import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { SHARED_DRAWINGS } from '../../test/fixtures/drawings/hostile.fixture.ts';
import {
  layeredPdf,
  manyOperatorsPdf,
  nestedFormsPdf,
  roomPdf,
  scaleBarPdf,
  transformedPdf,
  twoViewportsPdf,
} from '../../test/fixtures/pdf/plans.fixture.ts';
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisResult } from './analysis.result.ts';
import { analyzeBytes } from './analyze.pipeline.ts';
import { analyzeDrawing } from './index.ts';
import { parseScaleNote } from './pdf-scale.reader.ts';

function within(actual: number, expected: number, what: string, tolerance = 0.005): void {
  assert.ok(
    Math.abs(actual - expected) <= Math.abs(expected) * tolerance,
    `${what}: ${actual} vs ${expected}`,
  );
}

function page(r: AnalysisResult, n = 1): NonNullable<AnalysisResult['measurements']['pages']>[number] {
  const p = r.measurements.pages?.[n - 1];
  assert.ok(p, `page ${n} missing`);
  return p;
}

async function rejectsWith(run: () => Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof DrawingAnalysisError, String(e));
    assert.equal(e.code, code, e.message);
    return true;
  });
}

void describe('sheet scale notes', () => {
  void it('reads architectural, engineering, metric and written-out notes with exact ratios', () => {
    const cases: Array<[string, number]> = [
      [`1/8" = 1'-0"`, 96],
      ['SCALE: 1/4" = 1’-0"', 48],
      [`3/16" = 1'-0"`, 64],
      [`1 1/2" = 1'-0"`, 8],
      [`1" = 20'`, 240],
      ['1:100', 100],
      ['PLAN  SCALE 1 : 50', 50],
      ['ONE QUARTER INCH EQUALS ONE FOOT', 48],
      ['1/8 inch to the foot', 96],
    ];
    for (const [text, ratio] of cases) assert.equal(parseScaleNote(text)?.ratio, ratio, text);
  });

  void it('corrects `1:50 @ A1` for the sheet size it is printed on', () => {
    assert.equal(parseScaleNote('1:50 @ A1', 594)?.ratio, 50);
    assert.equal(parseScaleNote('1:50 @ A1', 297.0001)?.ratio, 100);
  });

  void it('ignores times, dates and room numbers', () => {
    for (const text of ['12:30', 'ROOM 101', 'REV 2024-01-10', 'A1.01'])
      assert.equal(parseScaleNote(text), undefined, text);
  });
});

void describe('vector PDF reader (generated sheets with known truth)', () => {
  void it('a 10 × 8 m room at 1:50 measures 36 m and 80 m²; fill-only paths add no length', async () => {
    const r = await analyzeBytes({
      bytes: await roomPdf({ ratio: 50, note: 'SCALE 1:50' }),
      filename: 'room.pdf',
    });
    const p = page(r);
    assert.deepEqual(p.scale, { text: '1:50', ratio: 50 });
    assert.equal(p.vector, true);
    within(p.length, 36, 'page length');
    const stroke = p.layers['stroke #000000 0.7pt'];
    within(stroke?.closedArea ?? 0, 80, 'room area');
    assert.equal(p.layers['fill #cccccc']?.length, 0);
    assert.equal(r.file.format, 'pdf');
  });

  void it('the same room at 1/4" = 1’-0" on a rotated page', async () => {
    const bytes = await roomPdf({
      ratio: 48,
      note: 'SCALE: 1/4" = 1’-0"',
      pageSize: [1224, 792],
      rotation: 90,
    });
    const p = page(await analyzeBytes({ bytes, filename: 'room.pdf' }));
    assert.equal(p.scale?.ratio, 48);
    within(p.length, 36, 'page length');
    within(p.layers['stroke #000000 0.7pt']?.closedArea ?? 0, 80, 'room area');
  });

  void it('applies nested transforms and forms, and measures Bézier curves', async () => {
    const p = page(await analyzeBytes({ bytes: await transformedPdf(), filename: 't.pdf' }));
    assert.equal(p.scale?.ratio, 100);
    within(p.length, 20 + 4 * Math.PI + 5, 'page length');
    // the line width is scaled by the CTM too: 1 pt under a 0.5 scale and 0.25 pt under a 2× form are 0.5 pt
    within(p.layers['stroke #000000 0.5pt']?.length ?? 0, 25, 'rectangle + form line');
    within(p.layers['stroke #000000 1pt']?.closedArea ?? 0, 4 * Math.PI, 'circle area');
  });

  void it('optional-content groups are layers and flow into the takeoff with page/path sources', async () => {
    const r = await analyzeBytes({ bytes: await layeredPdf(), filename: 'layers.pdf' });
    const p = page(r);
    assert.equal(p.scale?.ratio, 100, '1:50 @ A1 printed on A3');
    within(p.layers['A-WALL']?.length ?? 0, 10, 'A-WALL');
    within(p.layers['A-DOOR']?.length ?? 0, 2, 'A-DOOR');
    const wall = r.takeoff.find((i) => i.id.startsWith('wall.') && i.id.endsWith('.length'));
    assert.ok(wall, 'a wall line item');
    within(wall.quantity, 10, 'wall length');
    assert.deepEqual(wall.handles, ['p1/path0']);
  });

  void it('a sheet with two scale notes measures each viewport at the note nearest to it', async () => {
    const r = await analyzeBytes({ bytes: await twoViewportsPdf(), filename: 'two.pdf' });
    const p = page(r);
    within(p.layers['stroke #000000 0.7pt']?.length ?? 0, 36, 'plan at 1:100');
    within(p.layers['stroke #000000 0.35pt']?.length ?? 0, 6, 'detail at 1:20');
    within(p.length, 42, 'page length');
    assert.deepEqual(
      p.viewports?.map((v) => [v.scale.ratio, v.paths]),
      [
        [100, 1],
        [20, 1],
      ],
    );
    assert.ok(
      r.warnings.some((w) => /nearest/.test(w)),
      r.warnings.join('; '),
    );
  });

  void it('a sheet with no note is measured at its graphic scale bar', async () => {
    const r = await analyzeBytes({ bytes: await scaleBarPdf(), filename: 'bar.pdf' });
    const p = page(r);
    within(p.scale?.ratio ?? 0, 50, 'bar ratio');
    assert.match(p.scale?.text ?? '', /^scale bar 0 1 2 3 4 5 m$/);
    within(p.layers['stroke #000000 0.7pt']?.length ?? 0, 36, 'room');
    assert.equal(p.viewports, undefined);
  });

  void it('a calibrated ratio replaces the sheet note', async () => {
    const bytes = await roomPdf({ ratio: 50, note: 'no scale here' });
    const r = await analyzeBytes({ bytes, filename: 'room.pdf' }, { pdfScaleRatio: 50 });
    within(page(r).length, 36, 'calibrated length');
  });
});

void describe('real PDFs from ../shared/drawings', () => {
  const read = async (name: string): Promise<AnalysisResult> =>
    analyzeBytes({ bytes: await readFile(new URL(name, SHARED_DRAWINGS)), filename: name });

  void it('layered-plan.pdf: its four OCGs are layers', async () => {
    const p = page(await read('layered-plan.pdf'));
    assert.deepEqual(Object.keys(p.layers).sort(), [
      'A-ANNO-TEXT',
      'A-FLOR-PATT',
      'A-WALL-DEMO',
      'A-WALL-FULL',
    ]);
    assert.equal(p.scale, null);
    assert.ok(p.length > 0);
  });

  void it('scanned-plan.pdf is reported as a raster page, not measured as empty', async () => {
    const r = await read('scanned-plan.pdf');
    assert.equal(page(r).vector, false);
    assert.ok(r.warnings.some((w) => /raster/.test(w)));
  });

  void it('multibuilding-set.pdf: five pages, each with its text', async () => {
    const r = await read('multibuilding-set.pdf');
    assert.equal(r.measurements.pages?.length, 5);
    assert.ok(r.measurements.pages?.every((p) => p.vector && (p.layers.TEXT?.entities.TEXT ?? 0) > 0));
  });
});

void describe('hostile PDFs fail cleanly', () => {
  void it('random, header-only and truncated files get named errors', async () => {
    const real = await readFile(new URL('annotated-set.pdf', SHARED_DRAWINGS));
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    const enc = new TextEncoder();
    await rejectsWith(() => analyzeBytes({ bytes: random, filename: 'r.pdf' }), 'MALFORMED_DRAWING');
    const fake = new Uint8Array([...enc.encode('%PDF-1.7\n'), ...random, ...enc.encode('\n%%EOF\n')]);
    await rejectsWith(() => analyzeBytes({ bytes: fake, filename: 'f.pdf' }), 'MALFORMED_DRAWING');
    for (const fraction of [0.1, 0.5, 0.9])
      await rejectsWith(
        () =>
          analyzeBytes({ bytes: real.subarray(0, Math.floor(real.length * fraction)), filename: 't.pdf' }),
        'TRUNCATED',
      );
  });

  void it('deeply nested forms stop at the nesting limit', async () => {
    await rejectsWith(
      async () => analyzeBytes({ bytes: await nestedFormsPdf(40), filename: 'n.pdf' }),
      'BLOCK_RECURSION',
    );
  });

  void it('a 10⁶-operator content stream stops at the path limit inside the worker', async () => {
    const bytes = await manyOperatorsPdf(1_000_000);
    await rejectsWith(
      // a deadline far past the parse (tens of seconds on a loaded machine), so the path limit decides
      () =>
        analyzeDrawing(
          { bytes, filename: 'ops.pdf' },
          { limits: { maxEntities: 100_000 }, timeoutMs: 300_000 },
        ),
      'TOO_MANY_ENTITIES',
    );
  });
});
