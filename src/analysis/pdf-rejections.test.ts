import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRoomDxf } from '../../test/fixtures/drawings/room.fixture.ts';
import { fuzzFolder, readInputs } from '../../test/fuzz/engine/fuzz-files.ts';
import { DrawingAnalysisError } from './analysis.errors.ts';
import { analyzeDrawing, warmWorkerPool, workerPoolStats, WorkerSlots } from './index.ts';

/** Heap limit of this file's pool (its own: a pool per limit). */
const HEAP_MB = 512;
const room = { bytes: new TextEncoder().encode(buildRoomDxf({ unit: 'mm' })), filename: 'room.dxf' };
/** The fuzzer's PDF findings; crash-cc4ba1a1aaa7d516 reads, and leaves a kid of its page tree rejecting unhandled. */
const findings = readInputs(fuzzFolder('crashes', 'pdf'));
const strayRejection = findings.find((f) => f.name === 'crash-cc4ba1a1aaa7d516')!;

async function threads(count: number): Promise<number[]> {
  for (let i = 0; i < 200; i++) {
    const { threadIds } = workerPoolStats();
    if (threadIds.length === count) return threadIds;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the pool did not reach ${count} threads`);
}

void describe('PDFs on which pdf.js leaves a rejection unhandled', () => {
  void it('neither kill their analysis thread nor fail the drawing analysed after them in it', async () => {
    const slots = new WorkerSlots(1);
    warmWorkerPool(1, HEAP_MB);
    const before = await threads(1);
    const pdf = { bytes: strayRejection.bytes, filename: 'stray.pdf' };
    for (const input of [pdf, room, pdf, pdf, room]) {
      const result = await analyzeDrawing(input, { maxMemoryMb: HEAP_MB }, { slots });
      assert.equal(result.file.name, input.filename);
    }
    // a thread killed after its task would be replaced in the background: give it the time to show
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(workerPoolStats().threadIds, before, 'the same thread ran every drawing');
  });

  void it('every PDF finding of the fuzzer reads or fails with a 422 naming the cause', async () => {
    const slots = new WorkerSlots(1);
    warmWorkerPool(1, HEAP_MB);
    const before = await threads(1);
    assert.ok(findings.length >= 7);
    for (const finding of findings) {
      const outcome = await analyzeDrawing(
        { bytes: finding.bytes, filename: `${finding.name}.pdf` },
        { maxMemoryMb: HEAP_MB },
        { slots },
      ).then(
        () => 'read',
        (error: unknown) => error,
      );
      if (outcome === 'read') continue;
      assert.ok(outcome instanceof DrawingAnalysisError, `${finding.name}: ${String(outcome)}`);
      assert.equal(outcome.statusCode, 422);
      assert.notEqual(outcome.code, 'ANALYSIS_FAILED', `${finding.name}: ${outcome.message}`);
      assert.doesNotMatch(outcome.message, /undefined|unhandled/i, finding.name);
    }
    await analyzeDrawing(room, { maxMemoryMb: HEAP_MB }, { slots });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(workerPoolStats().threadIds, before, 'no thread died');
  });
});
