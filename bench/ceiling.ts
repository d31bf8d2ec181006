// Machine ceiling: the loadtest's open-mode generator against a bare Fastify hello-world in a child
// process, optionally followed by the same rate against --target URL, so app results can be quoted
// as a fraction of what this machine can do at all.
//   node --import tsx bench/ceiling.ts --rate 2000,5000,10000 --duration 10s [--target http://127.0.0.1:3000/health]
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  analyze,
  checkBaseUrl,
  generatorReport,
  machineDescription,
  scheduleStart,
  parseDuration,
  runGenerators,
  steadyWindow,
  type GeneratorPlan,
} from '../loadtest/index.ts';

/** One measured step: who, at what offered rate, and what came back. */
interface Step {
  target: string;
  offered: number;
  achieved: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failures: number;
  missedPct: number;
  lagP99: number;
  generatorCpu: number;
}

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '10s' },
    warmup: { type: 'string', default: '2s' },
    connections: { type: 'string', default: '64' },
    workers: { type: 'string', default: '1' },
    target: { type: 'string' },
    'allow-remote': { type: 'boolean', default: false },
  },
});
const rates = values.rate.split(',').map(Number);
if (rates.some((r) => !(r > 0))) throw new Error('--rate must be positive numbers, comma-separated');
const durationMs = parseDuration(values.duration);
const warmupMs = parseDuration(values.warmup);
const connections = Number(values.connections);
const workers = Number(values.workers);
const target = values.target ? new URL(values.target) : undefined;
if (target) checkBaseUrl(target.origin, values['allow-remote']);

/** Runs the open-mode generator at `rate` against `baseUrl` + `path` and summarizes the steady state. */
async function measure(label: string, baseUrl: string, path: string, rate: number): Promise<Step> {
  // Unmeasured warm-up at the same rate: JIT, connection setup and the server's first-request costs.
  if (warmupMs > 0) await runGenerators(planFor(baseUrl, path, rate, warmupMs), workers);
  const outcome = await runGenerators(planFor(baseUrl, path, rate, durationMs), workers);
  const { aggregate } = analyze(
    outcome.results.map((r) => r.snapshot),
    steadyWindow(durationMs / 1000, 1),
  );
  const health = generatorReport(outcome, workers);
  return {
    target: label,
    offered: rate,
    achieved: aggregate.steadyRps,
    ...aggregate.latency,
    failures: aggregate.failures,
    missedPct: health.missedSlotsPct,
    lagP99: health.scheduleLagMs.p99,
    generatorCpu: health.cpuPercentOfOneCore,
  };
}

function planFor(baseUrl: string, path: string, rate: number, durationMs: number): GeneratorPlan {
  return {
    mode: 'open',
    baseUrl,
    connections,
    workload: { kind: 'static', path },
    startAt: scheduleStart(workers),
    durationMs,
    drainMs: 5000,
    rate,
    maxInFlight: Math.max(10_000, rate),
  };
}

function startHelloWorld(): Promise<{ child: ChildProcess; address: string }> {
  const child = fork(new URL('./ceiling.server.ts', import.meta.url), {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { address: string }) => resolve({ child, address: m.address }));
    child.once('exit', (code) => reject(new Error(`hello-world server exited (${code})`)));
  });
}

function printSteps(steps: Step[]): void {
  const head = [
    'target',
    'offered',
    'achieved',
    'p50',
    'p90',
    'p99',
    'max',
    'fail',
    'missed%',
    'lag p99',
    'genCPU%',
  ];
  const rows = steps.map((s) => [
    s.target,
    String(s.offered),
    s.achieved.toFixed(0),
    ...[s.p50, s.p90, s.p99, s.max].map((v) => v.toFixed(2)),
    String(s.failures),
    s.missedPct.toFixed(2),
    s.lagP99.toFixed(2),
    s.generatorCpu.toFixed(0),
  ]);
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  for (const r of all) console.log(r.map((c, i) => (i ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  '));
}

const { child, address } = await startHelloWorld();
const steps: Step[] = [];
try {
  for (const rate of rates) {
    steps.push(await measure('hello-world (ceiling)', address, '/', rate));
    if (target) steps.push(await measure(target.href, target.origin, target.pathname + target.search, rate));
  }
} finally {
  child.kill('SIGTERM');
}
console.log(
  `${machineDescription()}\nlatency ms from the intended send time; achieved = responses/s over the steady state; ` +
    `${durationMs / 1000}s per step after ${warmupMs / 1000}s warm-up, ${workers} generator thread(s), ` +
    `${connections} connections`,
);
printSteps(steps);
if (target) {
  for (let i = 0; i + 1 < steps.length; i += 2) {
    const [ceiling, app] = [steps[i]!, steps[i + 1]!];
    console.log(
      `at ${ceiling.offered}/s: target achieved ${((app.achieved / ceiling.achieved) * 100).toFixed(1)} % of the ceiling, ` +
        `p99 ${app.p99.toFixed(2)} ms vs ${ceiling.p99.toFixed(2)} ms`,
    );
  }
}
