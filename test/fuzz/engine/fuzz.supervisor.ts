// Runs a fuzzing thread under watch: an execution running longer than the hang limit is a hang (the thread is
// terminated), a thread that passes its heap limit is a memory blow-up; either way the input it was running
// is recorded and a fresh thread goes on from there.
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { FuzzWorkerData, FuzzWorkerMessage } from './fuzz.worker.ts';
import { SharedInput } from './shared-input.ts';

/** Something wrong a reader did on one input. */
export interface FuzzFinding {
  kind: 'crash' | 'hang' | 'memory';
  input: Uint8Array;
  /** The stack of a crash; the limit passed for a hang or a blow-up. */
  detail: string;
  /** Which input of a replay, or which execution of a fuzz run. */
  index: number;
}

/** Limits of a watched run. */
export interface WatchLimits {
  /** An execution longer than this is a hang (default 1000 ms). */
  hangMs?: number;
  /** Heap limit of the thread (default 256 MB). */
  memoryMb?: number;
  /** Longest input (default 64 KB for mutants; replayed inputs are never cut). */
  maxLength?: number;
}

/** What a fuzz run did. */
export interface FuzzReport {
  executions: number;
  seconds: number;
  /** Blocks covered at the end (of the last thread). */
  blocks: number;
  /** Inputs that reached new blocks, in the order found. */
  discovered: Uint8Array[];
  findings: FuzzFinding[];
}

/** Reruns a hang or blow-up must repeat in before it is reported. */
const CONFIRMATIONS = 3;

const workerEntry = new URL('./fuzz.worker.entry.mjs', import.meta.url);

interface ThreadEnd {
  executions: number;
  blocks: number;
  /** Set when the thread was stopped by a hang or its heap limit. */
  stopped?: FuzzFinding;
}

/** Runs one thread to its end, passing its messages to `onMessage`. */
function runThread(
  data: Omit<FuzzWorkerData, 'shared'>,
  limits: Required<WatchLimits>,
  onMessage: (message: FuzzWorkerMessage) => void,
): Promise<ThreadEnd> {
  const shared = SharedInput.allocate(Math.max(limits.maxLength, ...data.inputs.map((i) => i.length)));
  const worker = new Worker(workerEntry, {
    workerData: { ...data, shared: shared.buffer } satisfies FuzzWorkerData,
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32 },
    stdout: true, // the readers' own warnings are noise here
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  return new Promise((resolve, reject) => {
    let ready = false;
    let end: ThreadEnd | undefined;
    let stopped: FuzzFinding | undefined;
    const stop = (kind: 'hang' | 'memory', detail: string) => {
      stopped ??= { kind, input: shared.current(), detail, index: shared.index };
    };
    const watch = setInterval(() => {
      const ms = shared.runningFor();
      if (ready && ms > limits.hangMs) {
        stop('hang', `still running after ${Math.round(ms)} ms (limit ${limits.hangMs} ms)`);
        void worker.terminate();
      }
    }, 50);
    worker.on('message', (message: FuzzWorkerMessage) => {
      if (message.type === 'ready') ready = true;
      if (message.type === 'done') end = { executions: message.executions, blocks: message.blocks };
      onMessage(message);
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
        stop('memory', `heap passed ${limits.memoryMb} MB: ${error.message}`);
      else if (!stopped) reject(error);
    });
    worker.on('exit', () => {
      clearInterval(watch);
      if (stopped) resolve({ executions: stopped.index + 1, blocks: 0, stopped });
      else if (end) resolve(end);
      else reject(new Error('the fuzzing thread exited before it finished'));
    });
  });
}

function withDefaults(limits: WatchLimits): Required<WatchLimits> {
  return { hangMs: 1000, memoryMb: 256, maxLength: 64 * 1024, ...limits };
}

/** Fuzzes `target` from `corpus` for `executions` runs; the same seed and corpus give the same run. */
export async function fuzzReader(
  target: string,
  options: WatchLimits & {
    corpus: Uint8Array[];
    executions: number;
    seed: number;
    /** Stop at this time (epoch ms) even if executions remain. */
    deadline?: number;
    onProgress?: (executions: number, blocks: number) => void;
  },
): Promise<FuzzReport> {
  const limits = withDefaults(options);
  const started = performance.now();
  const corpus = options.corpus.slice();
  const report: FuzzReport = { executions: 0, seconds: 0, blocks: 0, discovered: [], findings: [] };
  const deadline = options.deadline ?? Infinity;
  for (let restart = 0; report.executions < options.executions && Date.now() < deadline; restart++) {
    const seen = report.executions;
    const end = await runThread(
      {
        target,
        mode: 'fuzz',
        seed: options.seed + restart,
        inputs: corpus,
        executions: options.executions - seen,
        deadline,
        from: 0,
        warmup: [],
        maxLength: limits.maxLength,
      },
      limits,
      (message) => {
        if (message.type === 'new-coverage') {
          corpus.push(message.input);
          report.discovered.push(message.input);
        } else if (message.type === 'crash')
          report.findings.push({
            kind: 'crash',
            input: message.input,
            detail: message.error,
            index: seen + message.index,
          });
        else if (message.type === 'stats') options.onProgress?.(seen + message.executions, message.blocks);
      },
    );
    report.executions = seen + end.executions;
    report.blocks = end.blocks;
    if (end.stopped && (await confirmed(target, end.stopped, limits, options.corpus.slice(0, 1))))
      report.findings.push({ ...end.stopped, index: seen + end.stopped.index });
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/**
 * Whether a hang or blow-up happens again each time its input runs alone in a fresh, warmed thread: on a
 * loaded machine one slow execution is not yet a hang.
 */
async function confirmed(
  target: string,
  finding: FuzzFinding,
  limits: Required<WatchLimits>,
  warmup: Uint8Array[],
): Promise<boolean> {
  for (let attempt = 0; attempt < CONFIRMATIONS; attempt++) {
    const again = await replayInputs(target, [finding.input], { ...limits, warmup });
    if (!again.some((f) => f.kind === finding.kind)) return false;
  }
  return true;
}

/** Runs `target` once on each input, each watched: what went wrong, by input index. */
export async function replayInputs(
  target: string,
  inputs: Uint8Array[],
  limits: WatchLimits & { warmup?: Uint8Array[] } = {},
): Promise<FuzzFinding[]> {
  const { warmup = [], ...watch } = limits;
  const all = withDefaults({ ...watch, maxLength: Math.max(1, ...inputs.map((i) => i.length)) });
  const findings: FuzzFinding[] = [];
  for (let from = 0; from < inputs.length;) {
    const end = await runThread(
      {
        target,
        mode: 'replay',
        seed: 0,
        inputs,
        executions: 0,
        deadline: 0,
        from,
        warmup,
        maxLength: all.maxLength,
      },
      all,
      (message) => {
        if (message.type === 'crash')
          findings.push({ kind: 'crash', input: message.input, detail: message.error, index: message.index });
      },
    );
    if (!end.stopped) break;
    findings.push(end.stopped);
    from = end.stopped.index + 1;
  }
  return findings;
}

/** A short stable name of an input (file names in the corpus and crash folders). */
export function inputName(input: Uint8Array): string {
  return createHash('sha256').update(input).digest('hex').slice(0, 16);
}
