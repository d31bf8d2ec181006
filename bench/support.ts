// Shared by the HTTP benches: a real server process on fresh databases, and the open-model generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import {
  analyze,
  runGenerators,
  scheduleStart,
  steadyWindow,
  type GeneratorPlan,
} from '../loadtest/index.ts';
import { createTestDatabases } from '../test/support/databases.ts';

/** A server process started for a bench, with an operator token; `stop` removes its databases too. */
export interface BenchServer {
  baseUrl: string;
  adminToken: string;
  /** The server's process id (to read its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `construction-ai serve` (node flags `nodeArgs`) on fresh databases of TEST_DATABASE_URL (default: local PostgreSQL 15). */
export async function startBenchServer(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  const databases = await createTestDatabases(3);
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-bench-'));
  const port = await freePort();
  const adminToken = 'bench-admin-token-0123456789';
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'bin/construction-ai.js', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databases.urls[0],
      SHARD_DATABASE_URLS: databases.urls.slice(1).join(','),
      DATA_DIR: dataDir,
      ADMIN_TOKEN: adminToken,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (process.env.BENCH_SERVER_STDERR) process.stderr.write(chunk);
      if (/listening on|cluster of/.test(log)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${log}`)));
  });
  if (env.CLUSTER_WORKERS) await new Promise((resolve) => setTimeout(resolve, 15_000));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    adminToken,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await databases.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a tenant through the operator API. */
export async function createBenchTenant(server: BenchServer): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  });
  return ((await response.json()) as { apiKey: string }).apiKey;
}

/** One open-model measurement: offered rate, achieved steady rate, latency percentiles (ms), failures. */
export interface Measurement {
  offered: number;
  achieved: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  failures: number;
}

/** Runs the loadtest's open-model generator (latency from the intended send time) for `durationMs`. */
export async function measureOpen(
  baseUrl: string,
  workload: GeneratorPlan['workload'],
  rate: number,
  durationMs: number,
  connections = 64,
): Promise<Measurement> {
  const plan = (ms: number): GeneratorPlan => ({
    mode: 'open',
    baseUrl,
    connections,
    workload,
    startAt: scheduleStart(1),
    durationMs: ms,
    drainMs: 5000,
    rate,
    maxInFlight: Math.max(10_000, rate),
  });
  await runGenerators(plan(2000), 1); // warm-up, not measured
  const outcome = await runGenerators(plan(durationMs), 1);
  const { aggregate } = analyze(
    outcome.results.map((r) => r.snapshot),
    steadyWindow(durationMs / 1000, 1),
  );
  const l = aggregate.latency;
  return {
    offered: rate,
    achieved: aggregate.steadyRps,
    p50: l.p50,
    p95: l.p95,
    p99: l.p99,
    max: l.max,
    failures: aggregate.failures,
  };
}

/** Prints rows as an aligned table. */
export function printTable(head: string[], rows: string[][]): void {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  for (const row of all)
    console.log(row.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  '));
}

/** Sum of a Prometheus counter's samples whose labels contain `match`. */
export async function counterSum(server: BenchServer, name: string, match = ''): Promise<number> {
  const headers = { authorization: `Bearer ${server.adminToken}` };
  const text = await (await fetch(`${server.baseUrl}/metrics`, { headers })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name) && line.includes(match))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
