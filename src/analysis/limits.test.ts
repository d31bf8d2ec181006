import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { buildRoomDxf } from '../../test/fixtures/drawings/room.fixture.ts';
import {
  blockBombDxf,
  manyLinesDxf,
  mutualInsertDxf,
  nestedBlocksDxf,
  randomBytes,
  selfInsertDxf,
  SHARED_DRAWINGS,
} from '../../test/fixtures/drawings/hostile.fixture.ts';
import { DrawingAnalysisError, DRAWING_ERROR_CODES } from './analysis.errors.ts';
import { analyzeBytes } from './analyze.pipeline.ts';
import { analyzeDrawing } from './index.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Either a result or a DrawingAnalysisError with a known code — never anything else. */
async function failsCleanlyOrSucceeds(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof DrawingAnalysisError, `unexpected ${String(error)}`);
    assert.ok(DRAWING_ERROR_CODES.includes(error.code));
    assert.equal(error.statusCode, 422);
    return error.code;
  }
}

async function rejectsWith(run: () => Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(run, (error: unknown) => error instanceof DrawingAnalysisError && error.code === code);
}

void describe('hostile and broken drawings', () => {
  void it('truncated DXF files fail as TRUNCATED', async () => {
    const bytes = encode(buildRoomDxf({ unit: 'mm' }));
    for (const fraction of [0.01, 0.2, 0.5, 0.9, 0.999]) {
      const cut = bytes.subarray(0, Math.floor(bytes.length * fraction));
      await rejectsWith(() => analyzeBytes({ bytes: cut, filename: 'cut.dxf' }), 'TRUNCATED');
    }
  });

  void it('truncated DWG files fail cleanly or read what is there', async () => {
    const bytes = await readFile(new URL('example_2000.dwg', SHARED_DRAWINGS));
    const codes = [];
    for (const fraction of [0.001, 0.05, 0.3, 0.7]) {
      const cut = bytes.subarray(0, Math.floor(bytes.length * fraction));
      codes.push(
        await failsCleanlyOrSucceeds(() =>
          analyzeDrawing({ bytes: cut, filename: 'cut.dwg' }, { timeoutMs: 30_000 }),
        ),
      );
    }
    assert.ok(codes.includes('MALFORMED_DRAWING'), codes.join());
  });

  void it('random bytes fail cleanly under every name', async () => {
    for (const [seed, name] of [
      [1, 'noise.dxf'],
      [2, 'noise.dwg'],
      [3, 'noise.bin'],
      [4, 'noise'],
    ] as const) {
      const code = await failsCleanlyOrSucceeds(() =>
        analyzeBytes({ bytes: randomBytes(64 * 1024, seed), filename: name }),
      );
      assert.notEqual(code, 'ok', name);
    }
    const fakeDwg = new Uint8Array([...encode('AC1015'), ...randomBytes(32 * 1024, 5)]);
    assert.notEqual(
      await failsCleanlyOrSucceeds(() => analyzeDrawing({ bytes: fakeDwg, filename: 'fake.dwg' })),
      'ok',
    );
  });

  void it('a DXF with 10^6 entities is refused as TOO_MANY_ENTITIES before it is built', async () => {
    const bytes = encode(manyLinesDxf(1_000_000));
    await rejectsWith(() => analyzeDrawing({ bytes, filename: 'million.dxf' }), 'TOO_MANY_ENTITIES');
  });

  void it('the same DXF is analysed when the limit allows it', async () => {
    const r = await analyzeBytes({ bytes: encode(manyLinesDxf(50_000)), filename: 'many.dxf' });
    assert.equal(r.measurements.layers['A-WALL']?.entities.LINE, 50_000);
    assert.equal(r.measurements.layers['A-WALL']?.length, 50_000);
  });

  void it('deep nesting works within the depth limit and fails as BLOCK_RECURSION beyond it', async () => {
    const ok = await analyzeBytes({ bytes: encode(nestedBlocksDxf(30)), filename: 'deep.dxf' });
    assert.equal(ok.measurements.layers['0']?.entities.LINE, 1);
    assert.equal(ok.measurements.blocks.B30?.inserts, 1);
    await rejectsWith(
      () => analyzeBytes({ bytes: encode(nestedBlocksDxf(200)), filename: 'deeper.dxf' }),
      'BLOCK_RECURSION',
    );
  });

  void it('a block inserting itself, directly or through another, fails as BLOCK_RECURSION', async () => {
    await rejectsWith(
      () => analyzeBytes({ bytes: encode(selfInsertDxf()), filename: 'self.dxf' }),
      'BLOCK_RECURSION',
    );
    await rejectsWith(
      () => analyzeDrawing({ bytes: encode(mutualInsertDxf()), filename: 'mutual.dxf' }),
      'BLOCK_RECURSION',
    );
  });

  void it('an exponential block tree fails as TOO_MANY_ENTITIES instead of exhausting memory', async () => {
    await rejectsWith(
      () => analyzeBytes({ bytes: encode(blockBombDxf(25, 4)), filename: 'bomb.dxf' }),
      'TOO_MANY_ENTITIES',
    );
  });

  void it('the worker stops an analysis past its deadline (TIMEOUT) or its heap (OUT_OF_MEMORY)', async () => {
    const bytes = encode(manyLinesDxf(300_000));
    await rejectsWith(() => analyzeDrawing({ bytes, filename: 'slow.dxf' }, { timeoutMs: 50 }), 'TIMEOUT');
    await rejectsWith(
      () => analyzeDrawing({ bytes, filename: 'big.dxf' }, { maxMemoryMb: 24, timeoutMs: 60_000 }),
      'OUT_OF_MEMORY',
    );
  });

  void it('a .pdf or .ifc that is not one gets a named error; unknown files are unsupported', async () => {
    for (const filename of ['model.ifc', 'plan.pdf'])
      await rejectsWith(
        () => analyzeBytes({ bytes: encode('%!PS-Adobe-3.0'), filename }),
        'MALFORMED_DRAWING',
      );
    await rejectsWith(
      () => analyzeBytes({ bytes: encode('hello'), filename: 'notes.txt' }),
      'UNSUPPORTED_FORMAT',
    );
    await rejectsWith(() => analyzeBytes({ bytes: new Uint8Array(), filename: 'empty.dxf' }), 'TRUNCATED');
  });
});
