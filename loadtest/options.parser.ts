// Command-line flags of `construction-ai loadtest`, validated into one options object.
import { parseArgs } from 'node:util';

/** Validated options of one load-test run. */
export interface LoadtestOptions {
  baseUrl: string;
  mode: 'users' | 'open';
  durationMs: number;
  users: number;
  spawnRate: number;
  rate: number;
  mix: 'all' | 'reads';
  connections: number;
  workers: number;
  tenants: number;
  seedFiles: number;
  warmupMs: number;
  drainMs: number;
  /** After the run: how long to wait for the analyses of accepted uploads to finish. */
  pipelineWaitMs: number;
  slo?: string;
  out: string;
  adminToken?: string;
  apiKey?: string;
}

/** A problem with the command line; the CLI prints it with the usage text and exits 2. */
export class UsageError extends Error {}

/** Usage text for --help and errors. */
export const USAGE = `Usage: construction-ai loadtest [flags]
  --base-url URL        server to drive (default http://127.0.0.1:3000; loopback only unless --allow-remote)
  --mode users|open     closed-loop users (seed profile) or constant arrival rate (default users)
  --duration 10m|120s   measured duration, excluding setup (default 60s)
  --users N             users mode: simulated users (default 1000)
  --spawn-rate N        users mode: users started per second (default 50)
  --rate N              open mode: requests per second (default 10000)
  --mix all|reads       open mode: seed mix, or list/analysis/search-similar only (default all)
  --connections N       HTTP connections in total (default: users, or 128 in open mode)
  --workers N           generator threads (default 1 = this thread)
  --tenants N           tenants to create (default 10, so that at 10,000 req/s each gets half its
                        default rate limit; ignored with --api-key)
  --seed-files N        drawings uploaded per tenant before measuring (default 10)
  --warmup 5s           open mode: an unrecorded run at the same rate first, so that the
                        server and the generator are warm when measuring starts (default 5s)
  --drain 10s           after the duration: wait this long for responses, then hard stop (default 10s)
  --pipeline-wait 60s   after the run: wait this long for the analyses of accepted uploads (upload →
                        takeoff-ready latency, backlog drain; default 60s, 0 to skip)
  --slo FILE            JSON targets over the defaults (seed table)
  --out DIR             report directory (default loadtest-reports/<timestamp>)
  --admin-token T       operator token for POST /api/admin/tenants (default $ADMIN_TOKEN)
  --api-key K           use this tenant instead of creating tenants
  --allow-remote        permit a non-loopback --base-url`;

/** Parses "10m", "120s", "1h", "500ms" or a bare number of seconds into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`bad duration "${text}" (use e.g. 120s, 10m)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Validates a base URL: http(s), no path, loopback unless remote targets are allowed. */
export function checkBaseUrl(text: string, allowRemote: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`bad --base-url "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('--base-url must be http(s)');
  if (!allowRemote && !isLoopbackHost(url.hostname)) {
    throw new UsageError(`refusing non-loopback host "${url.hostname}"; pass --allow-remote if you mean it`);
  }
  return url.origin;
}

/** Parses argv (without the command name) into options; throws UsageError on bad input. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): LoadtestOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'base-url': { type: 'string', default: 'http://127.0.0.1:3000' },
      'allow-remote': { type: 'boolean', default: false },
      mode: { type: 'string', default: 'users' },
      duration: { type: 'string', default: '60s' },
      users: { type: 'string', default: '1000' },
      'spawn-rate': { type: 'string', default: '50' },
      rate: { type: 'string', default: '10000' },
      mix: { type: 'string', default: 'all' },
      connections: { type: 'string' },
      workers: { type: 'string', default: '1' },
      tenants: { type: 'string', default: '10' },
      'seed-files': { type: 'string', default: '10' },
      warmup: { type: 'string', default: '5s' },
      drain: { type: 'string', default: '10s' },
      'pipeline-wait': { type: 'string', default: '60s' },
      slo: { type: 'string' },
      out: { type: 'string' },
      'admin-token': { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const mode = oneOf(values.mode, ['users', 'open'] as const, '--mode');
  const users = positiveInt(values.users, '--users');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const options: LoadtestOptions = {
    baseUrl: checkBaseUrl(values['base-url'], values['allow-remote']),
    mode,
    durationMs: parseDuration(values.duration),
    users,
    spawnRate: positiveNumber(values['spawn-rate'], '--spawn-rate'),
    rate: positiveNumber(values.rate, '--rate'),
    mix: oneOf(values.mix, ['all', 'reads'] as const, '--mix'),
    connections: values.connections
      ? positiveInt(values.connections, '--connections')
      : mode === 'users'
        ? users
        : 128,
    workers: positiveInt(values.workers, '--workers'),
    tenants: positiveInt(values.tenants, '--tenants'),
    seedFiles: positiveInt(values['seed-files'], '--seed-files'),
    warmupMs: parseDuration(values.warmup),
    drainMs: parseDuration(values.drain),
    pipelineWaitMs: parseDuration(values['pipeline-wait']),
    slo: values.slo,
    out: values.out ?? `loadtest-reports/${stamp}-${mode}`,
    adminToken: values['admin-token'] ?? env.ADMIN_TOKEN,
    apiKey: values['api-key'],
  };
  if (options.durationMs < 1000) throw new UsageError('--duration must be at least 1s');
  if (mode === 'users' && options.mix === 'reads') throw new UsageError('--mix reads is for --mode open');
  return options;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be ${allowed.join('|')}`);
  return value as T;
}

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number`);
  return n;
}

function positiveInt(text: string, flag: string): number {
  const n = positiveNumber(text, flag);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be a whole number`);
  return n;
}
