// Soak (issue 16, scenario 9): `npm run start:cluster` on a free port, over a PostgreSQL cluster of its own
// (initdb from `pg_config --bindir`, as in the fault suite: a shared server's other clients cannot exhaust its
// connections) and the machine's Redis under a key prefix of its own,
// driven for N minutes by the project's load harness (`construction-ai loadtest --mode open`, the seed mix at a
// steady rate). Every 30 s it samples each server process's RSS and open file descriptors (/proc), and from
// /metrics the cluster's active handles, queued jobs and 5xx answers. Prints the samples and a verdict: error
// rate 0, RSS growth < 10 % after warm-up, no growth of open handles, backlog bounded.
// Run: node --import tsx bench/soak.bench.ts [--minutes 30] [--rate 40] [--workers 2] [--sample-seconds 30]
//   [--warmup-minutes M] (default: the first fifth of the run, at most 5 min)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgresCluster } from '../test/faults/support/postgres-cluster.ts';
import { printTable } from './support.ts';
import { freePort } from '../test/support/server-process.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '40' },
    workers: { type: 'string', default: '2' },
    'sample-seconds': { type: 'string', default: '30' },
    'warmup-minutes': { type: 'string' },
    'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});
const minutes = Number(values.minutes);
const sampleMs = Number(values['sample-seconds']) * 1000;
/** Samples before this are warm-up (pools filling, caches, JIT): by default the first fifth of the run, at most 5 min. */
const warmupMs =
  values['warmup-minutes'] === undefined
    ? Math.min(5 * 60_000, (minutes * 60_000) / 5)
    : Number(values['warmup-minutes']) * 60_000;
const ADMIN_TOKEN = `soak-admin-${randomBytes(8).toString('hex')}`;

/** One sample of the cluster. */
interface Sample {
  atS: number;
  /** pid → RSS (MB) and open file descriptors, per server process (the primary first). */
  processes: Map<number, { rssMb: number; fds: number }>;
  /** From /metrics; NaN when it did not answer in time. */
  activeHandles: number;
  queued: number;
  errors5xx: number;
}

/** pid → parent pid, of every process on the machine. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      map.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  return map;
}

/** The `construction-ai` node processes under `root` (npm → sh → primary → workers). */
function serverProcesses(root: number): number[] {
  const ppid = parents();
  const under = (pid: number): boolean => {
    for (let p = ppid.get(pid); p !== undefined && p > 1; p = ppid.get(p)) if (p === root) return true;
    return false;
  };
  return [...ppid.keys()]
    .filter((pid) => under(pid))
    .filter((pid) => {
      try {
        // node itself, not the `sh -c` npm runs it through
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv[0]!.endsWith('node') && argv.some((arg) => arg.endsWith('construction-ai.js'));
      } catch {
        return false;
      }
    })
    .sort((a, b) => a - b);
}

function processSample(pid: number): { rssMb: number; fds: number } | undefined {
  try {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return { rssMb: Number(rss) / 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

/** Sum of the series `name` (any labels, or those matching `labels`) in a Prometheus text. */
function sum(text: string, name: string, labels?: RegExp): number {
  let total = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm')))
    if (!labels || labels.test(match[1] ?? '')) total += Number(match[2]);
  return total;
}

async function sample(baseUrl: string, root: number, startedAt: number): Promise<Sample> {
  const processes = new Map<number, { rssMb: number; fds: number }>();
  for (const pid of serverProcesses(root)) {
    const s = processSample(pid);
    if (s) processes.set(pid, s);
  }
  const text = await fetch(`${baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: AbortSignal.timeout(20_000),
  })
    .then((r) => (r.status === 200 ? r.text() : ''))
    .catch(() => '');
  const metric = (name: string, labels?: RegExp) => (text ? sum(text, name, labels) : NaN);
  return {
    atS: Math.round((Date.now() - startedAt) / 1000),
    processes,
    activeHandles: metric('nodejs_active_handles_total'),
    queued: metric('jobs_queued'),
    errors5xx: metric('http_request_duration_seconds_count', /status_code="5\d\d"/),
  };
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (pattern.test(log)) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}): ${log.slice(-2000)}`)));
  });
}

/** Relative change from `a` to `b`, in %. */
const growthPct = (a: number, b: number) => (a > 0 ? ((b - a) / a) * 100 : 0);

async function main(): Promise<boolean> {
  let pass = false;
  const postgres = await startPostgresCluster(['cai_control', 'cai_shard_0', 'cai_shard_1']);
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-soak-'));
  const outDir = mkdtempSync(join(tmpdir(), 'cai-soak-report-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // its own process group, so that stopping it reaches npm, the primary and its workers
  const server = spawn('npm', ['run', 'start:cluster'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CLUSTER_WORKERS: values.workers,
      DATABASE_URL: postgres.url('cai_control'),
      SHARD_DATABASE_URLS: [postgres.url('cai_shard_0'), postgres.url('cai_shard_1')].join(','),
      REDIS_URL: values['redis-url'],
      CACHE_PREFIX: `soak-${randomBytes(4).toString('hex')}`,
      DATA_DIR: dataDir,
      ADMIN_TOKEN,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
  });
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      process.kill(-server.pid!, 'SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    await postgres.remove();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const serverLog = join(tmpdir(), `cai-soak-server-${port}.log`);
    const logStream = createWriteStream(serverLog);
    server.stdout.pipe(logStream);
    server.stderr.pipe(logStream);
    await waitForLine(server, /cluster of \d+ processes/, 'npm run start:cluster');
    console.log(
      `soak: ${minutes} min at ${values.rate} req/s (seed mix) on ${baseUrl}, ${values.workers} processes`,
    );
    const load = spawn(
      process.execPath,
      [
        'bin/construction-ai.js',
        'loadtest',
        ...['--mode', 'open', '--base-url', baseUrl, '--rate', values.rate, '--duration', `${minutes}m`],
        ...['--tenants', '4', '--seed-files', '5', '--connections', '32', '--warmup', '5s'],
        ...['--pipeline-wait', '30s', '--out', outDir, '--admin-token', ADMIN_TOKEN],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let loadOutput = '';
    load.stdout.on('data', (chunk: Buffer) => (loadOutput += chunk.toString()));
    load.stderr.on('data', (chunk: Buffer) => (loadOutput += chunk.toString()));
    const loadDone = new Promise<number>((resolve) => load.once('exit', (code) => resolve(code ?? 1)));
    const startedAt = Date.now();
    const samples: Sample[] = [await sample(baseUrl, server.pid!, startedAt)];
    let finished = false;
    void loadDone.then(() => (finished = true));
    while (!finished) {
      await Promise.race([new Promise((resolve) => setTimeout(resolve, sampleMs)), loadDone]);
      const s = await sample(baseUrl, server.pid!, startedAt);
      samples.push(s);
      const rss = [...s.processes.values()].map((p) => p.rssMb.toFixed(0)).join('/');
      console.log(
        `  ${s.atS} s: RSS ${rss} MB, handles ${s.activeHandles}, queued ${s.queued}, 5xx ${s.errors5xx}`,
      );
    }
    const loadCode = await loadDone;
    pass = report(samples, loadCode, loadOutput, outDir);
    const errors = readFileSync(serverLog, 'utf8')
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line));
    console.log(`server log ${serverLog}: ${errors.length} error lines`);
    for (const line of errors.slice(0, 5)) console.log(`  ${line.slice(0, 1500)}`);
  } finally {
    await stop();
    rmSync(outDir, { recursive: true, force: true });
  }
  return pass;
}

function report(samples: Sample[], loadCode: number, loadOutput: string, outDir: string): boolean {
  const pids = [...new Set(samples.flatMap((s) => [...s.processes.keys()]))].sort((a, b) => a - b);
  // the primary started first: the lowest pid
  printTable(
    [
      't (s)',
      ...pids.map((pid, i) => `RSS ${i === 0 ? 'primary' : `p${i}`} (MB)`),
      ...pids.map((pid, i) => `fds ${i === 0 ? 'primary' : `p${i}`}`),
      'handles',
      'queued',
      '5xx',
    ],
    samples.map((s) => [
      String(s.atS),
      ...pids.map((pid) => s.processes.get(pid)?.rssMb.toFixed(0) ?? '–'),
      ...pids.map((pid) => String(s.processes.get(pid)?.fds ?? '–')),
      String(s.activeHandles),
      String(s.queued),
      String(s.errors5xx),
    ]),
  );
  let aggregate: { requests: number; failures: number; failuresByStatus: Record<string, number> } = {
    requests: 0,
    failures: -1,
    failuresByStatus: {},
  };
  try {
    aggregate = (
      JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as {
        analysis: { aggregate: typeof aggregate };
      }
    ).analysis.aggregate;
  } catch {
    console.log(`no loadtest report (exit ${loadCode}):\n${loadOutput.slice(-3000)}`);
  }
  // the samples after warm-up; growth is from the first of them to the last
  const steady = samples.filter((s) => s.atS * 1000 >= warmupMs);
  const withMetrics = (s: Sample) => !Number.isNaN(s.activeHandles);
  const first = steady.find(withMetrics) ?? steady[0] ?? samples[0]!;
  const last = [...samples].reverse().find(withMetrics) ?? samples.at(-1)!;
  const rssGrowth = pids.map((pid) =>
    growthPct(first.processes.get(pid)?.rssMb ?? 0, last.processes.get(pid)?.rssMb ?? 0),
  );
  const fdGrowth = pids.map(
    (pid) => (last.processes.get(pid)?.fds ?? 0) - (first.processes.get(pid)?.fds ?? 0),
  );
  const half = Math.floor(steady.length / 2);
  const queued = (part: Sample[]) => Math.max(0, ...part.filter(withMetrics).map((s) => s.queued));
  const backlogEarly = queued(steady.slice(0, half + 1));
  const backlogLate = queued(steady.slice(half));
  const checks: Array<[string, boolean, string]> = [
    [
      'error rate 0',
      aggregate.failures === 0 && last.errors5xx === 0,
      `${aggregate.failures} of ${aggregate.requests} requests failed ${JSON.stringify(aggregate.failuresByStatus)}; server 5xx ${last.errors5xx}`,
    ],
    [
      'RSS growth < 10 % after warm-up',
      rssGrowth.every((g) => g < 10),
      rssGrowth.map((g) => `${g.toFixed(1)} %`).join(', '),
    ],
    [
      'open handles do not grow',
      last.activeHandles <= first.activeHandles * 1.1 + 5 && fdGrowth.every((g) => g <= 10),
      `active handles ${first.activeHandles} → ${last.activeHandles}; fds ${fdGrowth.map((g) => (g >= 0 ? `+${g}` : String(g))).join(', ')}`,
    ],
    [
      'queue backlog bounded',
      backlogLate <= backlogEarly * 1.5 + 20,
      `max queued ${backlogEarly} in the first half after warm-up, ${backlogLate} in the second`,
    ],
  ];
  console.log(
    `\nwarm-up ${Math.round(warmupMs / 1000)} s; growth measured from ${first.atS} s to ${last.atS} s`,
  );
  for (const [name, ok, detail] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
  // settling or leaking: a leak keeps growing in the second half after warm-up, a process settling does not
  const middle = steady[half] ?? first;
  console.log(
    `RSS growth in the second half after warm-up (${middle.atS} s to ${last.atS} s), informative: ` +
      pids
        .map((pid) => growthPct(middle.processes.get(pid)?.rssMb ?? 0, last.processes.get(pid)?.rssMb ?? 0))
        .map((g) => `${g.toFixed(1)} %`)
        .join(', '),
  );
  const pass = checks.every(([, ok]) => ok);
  console.log(`verdict: ${pass ? 'PASS' : 'FAIL'}`);
  return pass;
}

process.exit((await main()) ? 0 : 1);
