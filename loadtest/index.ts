// `construction-ai loadtest`: setup, measured run, report files and the SLO verdict (exit code 1 on fail).
import { cpus, hostname, loadavg, totalmem } from 'node:os';
import type { GeneratorPlan } from './generator.core.ts';
import { generatorReport, runGenerators, scheduleStart } from './generator.runner.ts';
import { parseOptions, USAGE, UsageError, type LoadtestOptions } from './options.parser.ts';
import { PipelineTracker, type PipelineReport } from './pipeline.tracker.ts';
import { analyze, steadyWindow } from './report.analyzer.ts';
import type { LoadtestReport } from './report.model.ts';
import { renderTable, writeReport } from './report.writer.ts';
import { nowMs } from './request.runner.ts';
import { diffMetrics, scrapeMetrics } from './server-metrics.client.ts';
import { runSetup } from './setup.phase.ts';
import { evaluateSlo, loadSlo } from './slo.verdict.ts';

export { runGenerators, generatorReport, scheduleStart } from './generator.runner.ts';
export type { GeneratorPlan } from './generator.core.ts';
export { analyze, steadyWindow } from './report.analyzer.ts';
export { renderTable, writeReport } from './report.writer.ts';
export type { LoadtestReport } from './report.model.ts';
export { checkBaseUrl, parseDuration, UsageError } from './options.parser.ts';
export { nowMs } from './request.runner.ts';

const THINK_MIN_MS = 1000;
const THINK_MAX_MS = 3000;

/** Runs `construction-ai loadtest <argv>`; resolves to the process exit code (0 pass, 1 fail, 2 usage). */
export async function runLoadtestCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let options: LoadtestOptions;
  let slo;
  try {
    options = parseOptions(argv);
    slo = await loadSlo(options.slo);
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`loadtest: ${(err as Error).message}\n${usage ? USAGE + '\n' : ''}`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(line + '\n');
  try {
    const workload = await runSetup({ ...options, analysisWaitMs: 30_000, log });
    const workloadPlan = { kind: 'api', mix: options.mix, ...workload } as const;
    if (options.mode === 'open' && options.warmupMs > 0) {
      log(`warm-up: ${options.warmupMs / 1000}s at ${options.rate} req/s, not recorded`);
      await runGenerators(
        { ...buildPlan(options, workloadPlan), durationMs: options.warmupMs, drainMs: 2000 },
        options.workers,
      );
    }
    const hasUploads = options.mix === 'all' && options.pipelineWaitMs > 0;
    const tracker = hasUploads ? new PipelineTracker(options.baseUrl, workload.apiKeys) : undefined;
    await tracker?.start();
    const before = await scrapeMetrics(options.baseUrl, options.adminToken);
    const plan = buildPlan(options, workloadPlan);
    log(
      `run: ${options.mode} mode for ${options.durationMs / 1000}s on ${options.workers} generator thread(s)`,
    );
    const outcome = await runGenerators(plan, options.workers, progressWriter());
    if (process.stderr.isTTY) process.stderr.write('\n');
    const after = await scrapeMetrics(options.baseUrl, options.adminToken);
    const pipeline = tracker ? await followPipeline(tracker, outcome, plan, options, log) : null;

    // open mode: the first second's completions lag its sends (as the last second's overlap the drain)
    const rampUpS = options.mode === 'users' ? options.users / options.spawnRate : 1;
    const analysis = analyze(
      outcome.results.map((r) => r.snapshot),
      steadyWindow(options.durationMs / 1000, rampUpS),
    );
    const server = diffMetrics(before, after);
    const generator = generatorReport(outcome, options.workers);
    const verdict = evaluateSlo(slo, {
      mode: options.mode,
      analysis,
      server,
      users: options.users,
      meanThinkS: (THINK_MIN_MS + THINK_MAX_MS) / 2000,
      missedSlotsPct: generator.missedSlotsPct,
      pipeline,
    });
    const report: LoadtestReport = {
      meta: {
        title: 'Construction AI load test',
        mode: options.mode,
        baseUrl: options.baseUrl,
        startedAt: new Date(plan.startAt).toISOString(),
        durationS: options.durationMs / 1000,
        settings: settingsOf(options),
        machine: machineDescription(),
      },
      analysis,
      server,
      generator,
      pipeline,
      verdict,
    };
    process.stdout.write(renderTable(report) + '\n');
    const files = await writeReport(options.out, report);
    log(`report: ${files.join(', ')}`);
    return verdict.pass && outcome.lostWorkers === 0 ? 0 : 1;
  } catch (err) {
    log(`loadtest: ${(err as Error).message}`);
    return 1;
  }
}

/** Waits (bounded) for the analyses of the run's accepted uploads, then reports the pipeline. */
async function followPipeline(
  tracker: PipelineTracker,
  outcome: Awaited<ReturnType<typeof runGenerators>>,
  plan: GeneratorPlan,
  options: LoadtestOptions,
  log: (line: string) => void,
): Promise<PipelineReport> {
  const uploads = outcome.results.flatMap((result) => result.uploads);
  log(`pipeline: waiting up to ${options.pipelineWaitMs / 1000}s for ${uploads.length} uploads' analyses`);
  const runEnd = plan.startAt + plan.durationMs;
  await tracker.waitFor(
    uploads.map(([fileId]) => fileId),
    Math.max(nowMs(), runEnd) + options.pipelineWaitMs,
  );
  await tracker.stop();
  return tracker.report(uploads, plan.startAt, plan.durationMs);
}

function buildPlan(o: LoadtestOptions, workload: GeneratorPlan['workload']): GeneratorPlan {
  // Worker threads need a moment to load tsx; every generator starts at the same instant.
  const common = {
    baseUrl: o.baseUrl,
    connections: o.connections,
    workload,
    startAt: scheduleStart(o.workers),
    durationMs: o.durationMs,
    drainMs: o.drainMs,
  };
  return o.mode === 'open'
    ? { ...common, mode: 'open', rate: o.rate, maxInFlight: Math.max(10_000, o.rate) }
    : {
        ...common,
        mode: 'users',
        users: o.users,
        spawnRate: o.spawnRate,
        thinkMinMs: THINK_MIN_MS,
        thinkMaxMs: THINK_MAX_MS,
      };
}

function settingsOf(o: LoadtestOptions): Record<string, string | number> {
  const shared = { connections: o.connections, workers: o.workers, tenants: o.apiKey ? 1 : o.tenants };
  return o.mode === 'open'
    ? { rate: o.rate, mix: o.mix, warmupS: o.warmupMs / 1000, ...shared }
    : { users: o.users, spawnRate: o.spawnRate, thinkS: '1–3', ...shared };
}

/** One line describing the machine and how busy it is now, for quoting results. */
export function machineDescription(): string {
  const c = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return (
    `${hostname()}: ${c.length} × ${c[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}, load average ${load}`
  );
}

/** Writes progress lines to stderr: rewritten in place on a terminal, one per line otherwise. */
export function progressWriter(): (line: string) => void {
  return process.stderr.isTTY
    ? (line) => process.stderr.write(`\r${line}\x1b[K`)
    : (line) => process.stderr.write(line + '\n');
}
