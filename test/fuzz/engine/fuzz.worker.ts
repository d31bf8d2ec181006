// Body of a fuzzing thread: runs one reader on mutated inputs (fuzz) or on given inputs (replay), keeps the
// inputs that reach new blocks, and reports crashes. Hangs and memory blow-ups are the supervisor's to see.
import { parentPort, workerData } from 'node:worker_threads';
import { isPdfJsRejection, pdfJsRejectionsContained } from '../../../src/analysis/pdfjs-rejections.ts';
import { CoverageTracker } from './coverage.tracker.ts';
import { Mutator, Random } from './input.mutator.ts';
import { isCleanFailure, READER_TARGETS, type ReaderTarget } from './reader.targets.ts';
import { SharedInput } from './shared-input.ts';

/** What the supervisor gives a fuzzing thread. */
export interface FuzzWorkerData {
  target: string;
  mode: 'fuzz' | 'replay';
  seed: number;
  inputs: Uint8Array[];
  /** Executions to run (fuzz); replay runs each input once. */
  executions: number;
  /** Fuzz: stop at this time (epoch ms) even if executions remain. */
  deadline: number;
  /** Index of the first input to replay (after a restart). */
  from: number;
  /** Replay: inputs run unwatched first, so loading the reader (pdf.js, a WebAssembly module) is no hang. */
  warmup: Uint8Array[];
  maxLength: number;
  shared: SharedArrayBuffer;
}

/** Messages a fuzzing thread posts. */
export type FuzzWorkerMessage =
  | { type: 'ready' }
  | { type: 'new-coverage'; input: Uint8Array; blocks: number }
  | { type: 'crash'; input: Uint8Array; error: string; index: number }
  | { type: 'stats'; executions: number; blocks: number }
  | { type: 'done'; executions: number; blocks: number };

const BATCH = 32;
const data = workerData as FuzzWorkerData;
const target = READER_TARGETS[data.target];
if (!target) throw new Error(`unknown fuzz target ${data.target}`);
const shared = new SharedInput(data.shared);
const post = (message: FuzzWorkerMessage) => parentPort!.postMessage(message);

/** Runs `input` once; returns the crash it caused, if any. */
async function execute(reader: ReaderTarget, index: number, input: Uint8Array): Promise<string | undefined> {
  shared.begin(index, input);
  try {
    await reader.run(input);
    return undefined;
  } catch (error) {
    if (isCleanFailure(error)) return undefined;
    return error instanceof Error ? (error.stack ?? String(error)) : `thrown non-error: ${String(error)}`;
  } finally {
    shared.end();
  }
}

async function replay(reader: ReaderTarget): Promise<void> {
  for (const input of data.warmup) await execute(reader, -1, input);
  post({ type: 'ready' });
  for (let i = data.from; i < data.inputs.length; i++) {
    const error = await execute(reader, i, data.inputs[i]!);
    if (error) post({ type: 'crash', input: data.inputs[i]!, error, index: i });
  }
  post({ type: 'done', executions: data.inputs.length - data.from, blocks: 0 });
}

/** The inputs of a batch that reach new blocks, found by halving the batch (most batches hold one or none). */
async function reachingNew(
  reader: ReaderTarget,
  coverage: CoverageTracker,
  inputs: Uint8Array[],
): Promise<Uint8Array[]> {
  coverage.reset();
  for (const input of inputs) await execute(reader, -1, input);
  const fresh = coverage.takeNew();
  if (fresh.size === 0) return [];
  if (inputs.length === 1) {
    coverage.commit(fresh);
    return inputs;
  }
  const half = inputs.length >> 1;
  return [
    ...(await reachingNew(reader, coverage, inputs.slice(0, half))),
    ...(await reachingNew(reader, coverage, inputs.slice(half))),
  ];
}

async function fuzz(reader: ReaderTarget): Promise<void> {
  const coverage = new CoverageTracker(reader.covers);
  const random = new Random(data.seed);
  const mutator = new Mutator(random, reader.shape, reader.dictionary, data.maxLength);
  const corpus = data.inputs.length > 0 ? data.inputs.slice() : [new Uint8Array(0)];
  let executions = 0;
  const run = async (input: Uint8Array) => {
    const error = await execute(reader, executions++, input);
    if (error) post({ type: 'crash', input, error, index: executions - 1 });
    return error;
  };
  for (const input of corpus) await run(input);
  coverage.commit(coverage.takeNew());
  post({ type: 'ready' });
  let lastStats = Date.now();
  while (executions < data.executions && Date.now() < data.deadline) {
    const batch = Array.from({ length: BATCH }, () =>
      mutator.mutate(random.pick(corpus), random.pick(corpus)),
    );
    const crashed = new Set<Uint8Array>();
    for (const input of batch) if (await run(input)) crashed.add(input);
    const fresh = coverage.takeNew();
    if (fresh.size > 0) {
      for (const input of await reachingNew(
        reader,
        coverage,
        batch.filter((i) => !crashed.has(i)),
      )) {
        corpus.push(input);
        post({ type: 'new-coverage', input, blocks: coverage.size });
      }
      coverage.commit(fresh); // blocks no single input repeats (state left by an earlier run) are not chased again
    }
    if (Date.now() - lastStats > 1000) {
      lastStats = Date.now();
      post({ type: 'stats', executions, blocks: coverage.size });
    }
  }
  post({ type: 'done', executions, blocks: coverage.size });
}

// A rejection nobody handles would kill an analysis thread: it is a crash of the input that was running
// (or had just run: such a rejection surfaces after the run's own promise settled).
// The PDF reader contains pdf.js's own stray rejections (src/analysis/pdfjs-rejections.ts): once its listener is
// in place they no longer reach an analysis thread's default handler, so they are no crash.
process.on('unhandledRejection', (reason) => {
  if (pdfJsRejectionsContained() && isPdfJsRejection(reason)) return;
  const error = reason instanceof Error ? (reason.stack ?? String(reason)) : String(reason);
  post({
    type: 'crash',
    input: shared.current(),
    error: `unhandled rejection: ${error}`,
    index: shared.index,
  });
});

await (data.mode === 'replay' ? replay(target) : fuzz(target));
