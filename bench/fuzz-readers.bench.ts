// Coverage-guided fuzzing of the drawing readers (our own engine, test/fuzz/engine: V8 block coverage,
// byte- and token-level mutations, a watched thread for hangs and heap blow-ups). Prints executions per
// second and what went wrong; writes each finding to test/fuzz/crashes/<target>/ and, with --save-corpus,
// the inputs that reached new blocks (up to 4 KB each) to test/fuzz/corpus/<target>/.
// Run: node --import tsx bench/fuzz-readers.bench.ts [--targets dxf,pdf] [--executions N] [--seconds S]
//      [--seed N] [--save-corpus]       (FUZZ_SEED also sets the seed)
import { parseArgs } from 'node:util';
import { fuzzReader } from '../test/fuzz/engine/fuzz.supervisor.ts';
import {
  corpusFolder,
  fuzzFolder,
  readInputs,
  writeFinding,
  writeInput,
} from '../test/fuzz/engine/fuzz-files.ts';

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: 'dxf,dxf-analysis,pdf,ifc' },
    executions: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '600' },
    seed: { type: 'string', default: process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31) },
    'save-corpus': { type: 'boolean', default: false },
  },
});
const targets = values.targets.split(',');
const seed = Number(values.seed);
const SAVED_MAX_BYTES = 4096;
/** Executions per thread: a fresh thread (and seed) per slice keeps a long run's heap its own. */
const SLICE = 20_000;

const rows: Array<Record<string, string | number>> = [];
console.log(`seed ${seed}; ${values.executions} executions or ${values.seconds} s per target`);
for (const target of targets) {
  const corpus = [...readInputs(corpusFolder(target)), ...readInputs(fuzzFolder('crashes', target))].map(
    (f) => f.bytes,
  );
  const deadline = Date.now() + Number(values.seconds) * 1000;
  let executions = 0;
  let seconds = 0;
  let blocks = 0;
  let discovered = 0;
  const findings: Record<string, number> = { crash: 0, hang: 0, memory: 0 };
  for (let slice = 0; executions < Number(values.executions) && Date.now() < deadline; slice++) {
    const report = await fuzzReader(target, {
      corpus,
      executions: Math.min(SLICE, Number(values.executions) - executions),
      seed: seed + slice * 1000,
      deadline,
    });
    executions += report.executions;
    seconds += report.seconds;
    blocks = Math.max(blocks, report.blocks);
    discovered += report.discovered.length;
    corpus.push(...report.discovered);
    for (const input of report.discovered)
      if (values['save-corpus'] && input.length <= SAVED_MAX_BYTES)
        writeInput(corpusFolder(target), 'found', input);
    for (const finding of report.findings) {
      findings[finding.kind]! += 1;
      const file = writeFinding(target, finding);
      console.log(
        `${target}: ${finding.kind} → test/fuzz/crashes/${target}/${file}\n  ${finding.detail.split('\n').slice(0, 4).join('\n  ')}`,
      );
    }
    process.stdout.write(`${target}: ${executions} executions, ${blocks} blocks, corpus ${corpus.length}\r`);
  }
  rows.push({
    target,
    executions,
    seconds: Math.round(seconds),
    'exec/s': Math.round(executions / seconds),
    blocks,
    'new inputs': discovered,
    ...findings,
  });
  console.log();
}
console.table(rows);
