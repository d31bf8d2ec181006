// Runs the generator in this thread or across worker threads, shows live progress, and measures its CPU.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { latencyHistogram } from './latency.recorder.ts';
import {
  runGenerator,
  type GeneratorPlan,
  type GeneratorProgress,
  type GeneratorResult,
} from './generator.core.ts';
import { summarize } from './report.analyzer.ts';
import type { GeneratorReport } from './report.model.ts';
import { nowMs } from './request.runner.ts';

/** Results of every generator plus the process's CPU use while they ran. */
export interface GenerationOutcome {
  results: GeneratorResult[];
  /** Generators that died or were killed at the hard stop; their data is missing from the report. */
  lostWorkers: number;
  /** Process CPU time over wall time, in % of one core (all generator threads together). */
  cpuPercentOfOneCore: number;
  cores: number;
}

/**
 * When a run's schedule starts: far enough ahead for worker threads to load and for every generator to open
 * its connections first (open mode), so all generators start at the same instant on warm connections.
 */
export function scheduleStart(workers: number): number {
  return nowMs() + (workers > 1 ? 3000 : 1000);
}

/** Splits one plan into `n` equal shares (rate, users, spawn rate, connections). */
export function splitPlan(plan: GeneratorPlan, n: number): GeneratorPlan[] {
  const connections = Math.max(1, Math.ceil(plan.connections / n));
  return Array.from({ length: n }, (_, i) => {
    if (plan.mode === 'open') return { ...plan, connections, rate: plan.rate / n };
    const users = Math.floor(plan.users / n) + (i < plan.users % n ? 1 : 0);
    return { ...plan, connections, users, spawnRate: plan.spawnRate / n };
  });
}

/** Runs `plan` on `workers` threads (1 = this thread); prints progress to `log` unless it is undefined. */
export async function runGenerators(
  plan: GeneratorPlan,
  workers: number,
  log?: (line: string) => void,
): Promise<GenerationOutcome> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = nowMs();
  const latest: (GeneratorProgress | undefined)[] = [];
  const progress = log ? startProgressLine(plan, latest, log) : undefined;
  const hardStop = plan.startAt + plan.durationMs + plan.drainMs + 10_000;
  let settled: (GeneratorResult | undefined)[];
  try {
    if (workers <= 1) {
      settled = [await runGenerator(plan, (p) => (latest[0] = p))];
    } else {
      settled = await Promise.all(
        splitPlan(plan, workers).map((share, i) => runInWorker(share, hardStop, (p) => (latest[i] = p))),
      );
    }
  } finally {
    progress?.stop();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const wall = nowMs() - wallBefore;
  const results = settled.filter((r): r is GeneratorResult => r !== undefined);
  return {
    results,
    lostWorkers: settled.length - results.length,
    cpuPercentOfOneCore: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    cores: availableParallelism(),
  };
}

// Node 20 workers neither inherit tsx's hooks nor honour `--import` in execArgv (verified), so each
// worker starts from a small bootstrap that registers tsx and then imports the TypeScript entry.
const WORKER_BOOTSTRAP =
  `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
  `.then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./generator.worker.ts', import.meta.url).href)}); })`;

function runInWorker(
  plan: GeneratorPlan,
  hardStopAt: number,
  onProgress: (p: GeneratorProgress) => void,
): Promise<GeneratorResult | undefined> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: plan });
    let result: GeneratorResult | undefined;
    const killer = setTimeout(() => void worker.terminate(), Math.max(0, hardStopAt - nowMs()));
    worker.on(
      'message',
      (
        msg: { type: 'progress'; progress: GeneratorProgress } | { type: 'done'; result: GeneratorResult },
      ) => {
        if (msg.type === 'progress') onProgress(msg.progress);
        else result = msg.result;
      },
    );
    worker.on('error', (err) => process.stderr.write(`loadtest: generator worker failed: ${err.message}\n`));
    worker.on('exit', () => {
      clearTimeout(killer);
      resolve(result);
    });
  });
}

function startProgressLine(
  plan: GeneratorPlan,
  latest: (GeneratorProgress | undefined)[],
  log: (line: string) => void,
): { stop: () => void } {
  let lastCompleted = 0;
  let lastAt = nowMs();
  const timer = setInterval(() => {
    const now = nowMs();
    const shown = latest.filter((p): p is GeneratorProgress => p !== undefined);
    const completed = shown.reduce((s, p) => s + p.completed, 0);
    const failures = shown.reduce((s, p) => s + p.failures, 0);
    const inFlight = shown.reduce((s, p) => s + p.inFlight, 0);
    const merged = latencyHistogram(2);
    for (const p of shown) merged.add(decodeFromCompressedBase64(p.overall));
    const rate = ((completed - lastCompleted) * 1000) / (now - lastAt);
    [lastCompleted, lastAt] = [completed, now];
    const elapsed = Math.max(0, (now - plan.startAt) / 1000);
    const errPct = completed > 0 ? (failures / completed) * 100 : 0;
    const p95 = merged.totalCount > 0 ? (merged.getValueAtPercentile(95) / 1000).toFixed(1) : '-';
    log(
      `[${elapsed.toFixed(0).padStart(4)}s/${(plan.durationMs / 1000).toFixed(0)}s] ` +
        `${rate.toFixed(0).padStart(6)} req/s  p95 ${p95} ms  errors ${failures} (${errPct.toFixed(3)}%)  ` +
        `in flight ${inFlight}`,
    );
  }, 1000);
  return { stop: () => clearInterval(timer) };
}

/** Summarizes generator health across threads (lag histograms merged, never averaged). */
export function generatorReport(outcome: GenerationOutcome, threads: number): GeneratorReport {
  const lag = latencyHistogram(2);
  let intended = 0;
  let missedSlots = 0;
  let aborted = 0;
  for (const { health } of outcome.results) {
    lag.add(decodeFromCompressedBase64(health.scheduleLag));
    intended += health.intended;
    missedSlots += health.missedSlots;
    aborted += health.aborted;
  }
  const l = summarize(lag);
  return {
    threads,
    cores: outcome.cores,
    cpuPercentOfOneCore: outcome.cpuPercentOfOneCore,
    eventLoopUtilization: outcome.results.map((r) => r.health.eventLoopUtilization),
    intended,
    missedSlots,
    missedSlotsPct: intended > 0 ? (missedSlots / intended) * 100 : 0,
    scheduleLagMs: { p50: l.p50, p99: l.p99, max: l.max },
    abortedAtHardStop: aborted,
    lostWorkers: outcome.lostWorkers,
  };
}
