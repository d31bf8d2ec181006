// Replays the fuzz corpus and every finding of bench/fuzz-readers.bench.ts through the drawing readers, each
// input in a watched thread: none may crash (throw anything but the readers' own parse error), hang past
// the bound, or pass the heap limit. A short fuzz run also checks that the engine finds new blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzReader, replayInputs } from './engine/fuzz.supervisor.ts';
import { corpusFolder, fuzzFolder, readInputs } from './engine/fuzz-files.ts';

const TARGETS = ['dxf', 'dxf-analysis', 'pdf', 'ifc'];
/** Replay bound per input: a reader's own hang limit is the fuzzer's 1 s; a loaded CI machine gets slack. */
const REPLAY_HANG_MS = 10_000;

for (const target of TARGETS) {
  test(`the ${target} reader takes its corpus and past findings cleanly`, async () => {
    const corpus = readInputs(corpusFolder(target));
    const crashes = readInputs(fuzzFolder('crashes', target));
    assert.ok(corpus.length > 0, `corpus in ${corpusFolder(target)}`);
    const inputs = [...corpus, ...crashes];
    const findings = await replayInputs(
      target,
      inputs.map((i) => i.bytes),
      { hangMs: REPLAY_HANG_MS, warmup: [corpus[0]!.bytes] },
    );
    const named = findings.map(
      (f) => `${inputs[f.index]!.name}: ${f.kind} ${f.detail.split('\n').slice(0, 3).join(' | ')}`,
    );
    assert.deepEqual(named, []);
  });
}

test('the fuzzer reaches blocks the seeds did not', async () => {
  const seeds = readInputs(corpusFolder('dxf'))
    .map((i) => i.bytes)
    .slice(0, 2);
  const report = await fuzzReader('dxf', { corpus: seeds, executions: 400, seed: 7, hangMs: REPLAY_HANG_MS });
  assert.equal(report.executions >= 400, true);
  assert.ok(report.discovered.length > 0, 'mutants of two seeds reach new blocks');
  assert.deepEqual(
    report.findings.map((f) => f.kind),
    [],
  );
});
