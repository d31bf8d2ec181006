// One noisy tenant attacks at full speed while a quiet tenant reads and uploads at a steady rate: the quiet
// tenant's p95 with each attack against the same figures with no noisy tenant, measured just before (same run).
// The attacker runs at the lowest CPU priority, as if on another machine; the server, PostgreSQL and Redis share
// this box's cores with the quiet client.
//   node --import tsx bench/abuse.bench.ts [--duration 8s] [--reads 100] [--uploads 5] [--attacks a,b]
//     [--concurrency 16] [--repeat 1] [--profile DIR]
// --repeat N: every attack N times (a fresh noisy tenant each), then the median ratios; --profile: the server
// writes a V8 CPU profile into DIR.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { parseDuration } from '../loadtest/index.ts';
import { ATTACKS, type AttackName, type AttackOrder } from './abuse.attacker.ts';
import { createBenchTenant, printTable, startBenchServer, type BenchServer } from './support.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '8s' },
    reads: { type: 'string', default: '100' },
    uploads: { type: 'string', default: '5' },
    attacks: { type: 'string', default: ATTACKS.join(',') },
    concurrency: { type: 'string', default: '16' },
    profile: { type: 'string' },
    repeat: { type: 'string', default: '1' },
  },
});
const durationMs = parseDuration(values.duration);
const attacks = values.attacks.split(',') as AttackName[];
const BIG_DRAWING = new URL('../../shared/drawings/Ceco.NET-Architecture-Tm-53.dxf', import.meta.url);

/** The quiet tenant's latencies (ms) per kind of request, and failures. */
interface QuietRun {
  reads: number[];
  uploads: number[];
  failures: number;
}

/** Sends the quiet tenant's cached reads and 16 KB uploads at fixed rates (open model) for `ms`. */
async function quietTenant(baseUrl: string, apiKey: string, ms: number): Promise<QuietRun> {
  const pool = new Pool(baseUrl, { connections: 16 });
  const headers = { authorization: `Bearer ${apiKey}` };
  const run: QuietRun = { reads: [], uploads: [], failures: 0 };
  const file = new Blob([Buffer.from('DWG_FILE_CONTENT'.repeat(1000))]);
  const timed = async (into: number[], send: () => Promise<number>) => {
    const started = performance.now();
    const status = await send().catch(() => 0);
    if (status >= 200 && status < 300) into.push(performance.now() - started);
    else run.failures++;
  };
  const read = () =>
    pool.request({ method: 'GET', path: '/api/files?limit=20', headers }).then(async (r) => {
      await r.body.dump();
      return r.statusCode;
    });
  const upload = async () => {
    const form = new FormData();
    form.append('file', file, 'quiet.dwg');
    const response = await fetch(`${baseUrl}/api/files/upload`, { method: 'POST', headers, body: form });
    await response.arrayBuffer();
    return response.status;
  };
  const every = (perSecond: number, action: () => Promise<void>) => {
    const pending: Array<Promise<void>> = [];
    const start = performance.now();
    return new Promise<Array<Promise<void>>>((resolve) => {
      let sent = 0;
      const tick = () => {
        const due = Math.floor(((performance.now() - start) / 1000) * perSecond);
        while (sent < due) {
          pending.push(action());
          sent++;
        }
        if (performance.now() - start < ms) setTimeout(tick, 2);
        else resolve(pending);
      };
      tick();
    });
  };
  const [reads, uploads] = await Promise.all([
    every(Number(values.reads), () => timed(run.reads, read)),
    every(Number(values.uploads), () => timed(run.uploads, upload)),
  ]);
  await Promise.all([...reads, ...uploads]);
  await pool.close();
  return run;
}

/** CPU time (ms) the process has used so far: its main thread, and all its other threads (workers, libuv, GC). */
function cpuMs(pid: number): { main: number; others: number } {
  const ticks = (stat: string) => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
  };
  const tickMs = 10; // USER_HZ is 100 on Linux
  const main = ticks(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')) * tickMs;
  return { main, others: ticks(readFileSync(`/proc/${pid}/stat`, 'utf8')) * tickMs - main };
}

/** Nanoseconds the server's main thread has waited for a CPU while runnable (Linux schedstat). */
function runQueueWaitNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]);
}

/**
 * Runs `measure` and returns its result with the server's CPU use meanwhile, in % of one core, and the share
 * of the window its main thread was runnable but waiting for a CPU (the machine's other load).
 */
async function withCpu<T>(
  pid: number,
  measure: () => Promise<T>,
): Promise<T & { cpu: string; cpuWait: string }> {
  const before = cpuMs(pid);
  const waitedBefore = runQueueWaitNs(pid);
  const started = performance.now();
  const result = await measure();
  const after = cpuMs(pid);
  const elapsedMs = performance.now() - started;
  const pct = (ms: number) => ((100 * ms) / elapsedMs).toFixed(0);
  return {
    ...result,
    cpu: `${pct(after.main - before.main)}+${pct(after.others - before.others)}`,
    cpuWait: pct((runQueueWaitNs(pid) - waitedBefore) / 1e6),
  };
}

function p95(latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN;
}

/** Runs `attack` from a child process for as long as `during` takes; returns the statuses it saw. */
async function withAttack<T>(
  order: AttackOrder,
  during: () => Promise<T>,
): Promise<{ result: T; statuses: Record<string, number> }> {
  const child = fork(new URL('./abuse.attacker.ts', import.meta.url), {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // the attacker stands for a client on another machine: on this shared box it may not take the server's CPU
  if (child.pid !== undefined) os.setPriority(child.pid, 19);
  child.send(order);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the attack is at full speed first
  const result = await during();
  const statuses = new Promise<Record<string, number>>((resolve) => child.once('message', resolve));
  child.send('stop');
  return { result, statuses: await statuses };
}

/** A fresh noisy tenant per attack (what one attack leaves behind does not count against the next) with a big drawing. */
async function noisyTenant(
  baseUrl: string,
  bench: BenchServer,
): Promise<{ noisyKey: string; fileId: string }> {
  const noisyKey = await createBenchTenant(bench);
  const form = new FormData();
  form.append('file', new Blob([readFileSync(BIG_DRAWING)]), 'big.dxf');
  const uploaded = await fetch(`${baseUrl}/api/files/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${noisyKey}` },
    body: form,
  });
  return { noisyKey, fileId: ((await uploaded.json()) as { file_id: string }).file_id };
}

/** Waits until the analysis of each noisy tenant's drawing is over, so it does not run during a measurement. */
async function analysesDone(baseUrl: string, tenants: Array<{ noisyKey: string; fileId: string }>) {
  for (const { noisyKey, fileId } of tenants) {
    for (let waited = 0; waited < 120_000; waited += 250) {
      const response = await fetch(`${baseUrl}/api/files/${fileId}`, {
        headers: { authorization: `Bearer ${noisyKey}` },
      });
      const { status } = (await response.json()) as { status: string };
      if (status === 'analyzed' || status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const server = await startBenchServer(
  {
    REDIS_URL: 'redis://127.0.0.1:6379',
    RATE_LIMIT_PER_SECOND: '2000',
    RATE_LIMIT_BURST: '4000',
  },
  values.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values.profile}`],
);
try {
  const quietKey = await createBenchTenant(server);
  await quietTenant(server.baseUrl, quietKey, 2000); // warm-up, not measured
  // made before any attack: the failed-auth attacks block this address for the operator token too
  const repeats = Number(values.repeat);
  const noisyTenants = [];
  for (let n = 0; n < attacks.length * repeats; n++)
    noisyTenants.push(await noisyTenant(server.baseUrl, server));
  await analysesDone(server.baseUrl, noisyTenants);
  const rows: string[][] = [];
  const ratios = new Map<AttackName, Array<{ reads: number; uploads: number }>>();
  for (let round = 0; round < repeats; round++) {
    for (const [i, attack] of attacks.entries()) {
      const { noisyKey, fileId } = noisyTenants[round * attacks.length + i]!;
      const alone = await withCpu(server.pid, () => quietTenant(server.baseUrl, quietKey, durationMs));
      const order = {
        baseUrl: server.baseUrl,
        apiKey: noisyKey,
        attack,
        fileId,
        concurrency: Number(values.concurrency),
      };
      const { result: noisy, statuses } = await withAttack(order, () =>
        withCpu(server.pid, () => quietTenant(server.baseUrl, quietKey, durationMs)),
      );
      const ratio = {
        reads: p95(noisy.reads) / p95(alone.reads),
        uploads: p95(noisy.uploads) / p95(alone.uploads),
      };
      ratios.set(attack, [...(ratios.get(attack) ?? []), ratio]);
      rows.push([
        repeats > 1 ? `${attack} #${round + 1}` : attack,
        p95(alone.reads).toFixed(1),
        p95(noisy.reads).toFixed(1),
        ratio.reads.toFixed(2),
        p95(alone.uploads).toFixed(1),
        p95(noisy.uploads).toFixed(1),
        ratio.uploads.toFixed(2),
        String(alone.failures + noisy.failures),
        alone.cpu,
        noisy.cpu,
        `${alone.cpuWait}/${noisy.cpuWait}`,
        Object.entries(statuses)
          .map(([code, n]) => `${code}×${n}`)
          .join(' '),
      ]);
      console.log(`${attack}: done`);
    }
  }
  console.log(
    `\n## Quiet tenant p95 (ms) alone vs with one noisy tenant attacking (${values.reads} reads/s, ${values.uploads} uploads/s, ${values.duration} each)`,
  );
  console.log(
    'cpu: the server process in % of one core during the window, main thread + its other threads (workers, libuv, GC);',
  );
  console.log(
    'cpu wait: % of the window its main thread was ready to run but waited for a core (alone/noisy)',
  );
  printTable(
    [
      'attack',
      'read alone',
      'read noisy',
      'ratio',
      'upload alone',
      'upload noisy',
      'ratio',
      'quiet failed',
      'cpu alone',
      'cpu noisy',
      'cpu wait %',
      'attacker got',
    ],
    rows,
  );
  if (repeats > 1) {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(`\n## Median of ${repeats} ratios (noisy p95 / alone p95)`);
    printTable(
      ['attack', 'reads', 'uploads'],
      [...ratios].map(([attack, all]) => [
        attack,
        median(all.map((r) => r.reads)).toFixed(2),
        median(all.map((r) => r.uploads)).toFixed(2),
      ]),
    );
  }
} finally {
  await server.stop();
}
