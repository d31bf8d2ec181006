import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { SHARED_DRAWINGS } from '../../test/fixtures/drawings/hostile.fixture.ts';
import { compare, TRUTH_SET, type TruthDrawing } from '../../test/fixtures/truth/plans.truth.ts';
import { analyzeBytes } from './analyze.pipeline.ts';

async function bytesOf(d: TruthDrawing): Promise<Uint8Array> {
  if (d.generate) return new TextEncoder().encode(d.generate());
  return readFile(new URL(d.file ?? d.name, SHARED_DRAWINGS));
}

void describe('the truth set: real plans within their stated tolerances, generated plans within 0.5 %', () => {
  for (const drawing of TRUTH_SET) {
    void it(drawing.name, async () => {
      const r = await analyzeBytes({
        bytes: await bytesOf(drawing),
        filename: drawing.file ?? 'generated.dxf',
      });
      for (const row of compare(drawing, r))
        assert.ok(
          row.within || row.flagged,
          `${row.key}: got ${String(row.got)}, truth ${String(row.truth)} (tolerance ${row.tolerance * 100} %), not flagged for review`,
        );
    });
  }

  void it('flags the Ceco glazing bands and its unpaired wall faces for review', async () => {
    const ceco = TRUTH_SET.find((d) => d.name.startsWith('Ceco'));
    assert.ok(ceco);
    const r = await analyzeBytes({ bytes: await bytesOf(ceco), filename: ceco.name });
    const kinds = r.review.entries.map((e) => e.kind);
    assert.ok(kinds.includes('loose_opening_lines') && kinds.includes('unpaired_faces'), kinds.join(', '));
  });
});
