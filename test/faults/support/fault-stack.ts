import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { TcpProxy } from '../../../src/cache/testing/tcp-proxy.ts';
import { freePort, startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { ADMIN_TOKEN, multipartFile } from '../../support/test-app.ts';
import { startLoad, uploadBody, type LoadOptions, type LoadRun } from './load.ts';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';
import { startRedisServer, type RedisServer } from './redis-server.ts';

/** The processes of one scenario: its own PostgreSQL and Redis, proxies in front of them, and the server. */
export interface FaultStack {
  postgres: PostgresCluster;
  redis: RedisServer | undefined;
  /** Between the server and PostgreSQL. */
  postgresProxy: TcpProxy;
  /** Between the server and Redis (when there is a Redis). */
  redisProxy: TcpProxy | undefined;
  /** With `lastShardApart`: the cluster of the last shard, and the proxy in front of it. */
  apart: { postgres: PostgresCluster; proxy: TcpProxy } | undefined;
  server: ServerProcess;
  baseUrl: string;
  env: Record<string, string>;
  /** Starts the server again (after it exited) on the same databases, folder and port. */
  restartServer(extraEnv?: Record<string, string>): Promise<ServerProcess>;
}

/** Starts PostgreSQL (a control database and `shards` shard databases), optionally Redis, and `serve` over them. */
export async function startFaultStack(
  t: TestContext,
  options: {
    shards?: number;
    redis?: boolean;
    env?: Record<string, string>;
    /** Puts the last shard on a PostgreSQL cluster (and proxy) of its own, so it can fail alone. */
    lastShardApart?: boolean;
    /** Puts the blob store on a tmpfs of this size (root only), so a test can fill its disk. */
    blobDiskBytes?: number;
  } = {},
): Promise<FaultStack> {
  const shardNames = Array.from({ length: options.shards ?? 1 }, (_, i) => `cai_shard_${i}`);
  const apartName = options.lastShardApart ? shardNames.at(-1) : undefined;
  const postgres = await startPostgresCluster(['cai_control', ...shardNames.filter((n) => n !== apartName)]);
  const postgresProxy = await TcpProxy.start({ host: '127.0.0.1', port: postgres.port });
  const apartPostgres = apartName === undefined ? undefined : await startPostgresCluster([apartName]);
  const apart = apartPostgres && {
    postgres: apartPostgres,
    proxy: await TcpProxy.start({ host: '127.0.0.1', port: apartPostgres.port }),
  };
  const redis = options.redis ? await startRedisServer() : undefined;
  const redisProxy = redis ? await TcpProxy.start({ host: '127.0.0.1', port: redis.port }) : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-fault-data-'));
  const blobDir = join(dataDir, 'blobs');
  if (options.blobDiskBytes !== undefined) {
    mkdirSync(blobDir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${options.blobDiskBytes},mode=0700`, 'tmpfs', blobDir]);
  }
  const port = await freePort();
  const viaProxy = (name: string) =>
    `postgres://postgres@127.0.0.1:${(name === apartName ? apart!.proxy : postgresProxy).port}/${name}`;
  const env: Record<string, string> = {
    DATABASE_URL: viaProxy('cai_control'),
    SHARD_DATABASE_URLS: shardNames.map(viaProxy).join(','),
    REDIS_URL: redisProxy?.url ?? '',
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    LOG_REQUESTS: 'false',
    JOB_EXPIRE_SECONDS: '10',
    ...options.env,
  };
  let server: ServerProcess | undefined;
  // registered before the server starts: a server that fails to start leaves no cluster running behind it
  t.after(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await new Promise((resolve) => server!.child.once('exit', resolve));
    }
    await postgresProxy.close();
    await redisProxy?.close();
    await redis?.stop();
    await postgres.remove();
    await apart?.proxy.close();
    await apart?.postgres.remove();
    if (options.blobDiskBytes !== undefined) execFileSync('umount', [blobDir]);
    rmSync(dataDir, { recursive: true, force: true });
  });
  server = reportExit(await startServerProcess(env));
  const stack: FaultStack = {
    postgres,
    redis,
    postgresProxy,
    redisProxy,
    apart,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    env,
    restartServer: async (extraEnv = {}) => {
      server = reportExit(await startServerProcess({ ...env, ...extraEnv }));
      stack.server = server;
      return server;
    },
  };
  return stack;
}

/** Prints what a server that exited on its own said last, so a crash under a fault is visible. */
function reportExit(server: ServerProcess): ServerProcess {
  server.child.once('exit', (code, signal) => {
    if (signal === null && code !== 0)
      process.stderr.write(`server exited (${code}): ${server.stderrText().slice(-3000)}\n`);
  });
  return server;
}

/** A tenant made through the operator API of the server at `baseUrl`: its id and Authorization header. */
export async function createTenant(
  baseUrl: string,
  name = 'Fault tenant',
): Promise<{ tenantId: string; headers: Record<string, string> }> {
  const response = await fetch(`${baseUrl}/api/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 200) throw new Error(`tenant create failed: ${await response.text()}`);
  const body = (await response.json()) as { tenantId: string; apiKey: string };
  return { tenantId: body.tenantId, headers: { authorization: `Bearer ${body.apiKey}` } };
}

/** Uploads `count` files as the tenant of `headers` and returns their ids (each answered 200). */
export async function uploadFiles(
  baseUrl: string,
  headers: Record<string, string>,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await upload(baseUrl, headers, uploadBody()));
  return ids;
}

/** Uploads `content` as `filename` for the tenant of `headers`; its file id (rejects unless answered 200). */
export async function uploadFile(
  baseUrl: string,
  headers: Record<string, string>,
  filename: string,
  content: string,
): Promise<string> {
  return upload(baseUrl, headers, multipartFile(filename, content));
}

async function upload(
  baseUrl: string,
  headers: Record<string, string>,
  body: { payload: Buffer; headers: Record<string, string> },
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/files/upload`, {
    method: 'POST',
    headers: { ...headers, ...body.headers },
    body: Uint8Array.from(body.payload),
  });
  if (response.status !== 200)
    throw new Error(`upload failed (${response.status}): ${await response.text()}`);
  return ((await response.json()) as { file_id: string }).file_id;
}

/** Reads each of `ids` once, so the server holds them in its cache. */
export async function warm(baseUrl: string, headers: Record<string, string>, ids: string[]): Promise<void> {
  for (const id of ids) await (await fetch(`${baseUrl}/api/files/${id}`, { headers })).arrayBuffer();
}

/** Polls `check` every 100 ms until true; resolves with the ms it took, rejects after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not recovered within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether `GET path` answers `status`. */
export async function answers(url: string, status: number, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  return response.status === status;
}

/** Waits until the analysis of every one of `ids` has run (completed or failed); rejects after `timeoutMs`. */
export async function untilAnalysed(
  baseUrl: string,
  headers: Record<string, string>,
  ids: string[],
  timeoutMs: number,
): Promise<number> {
  const waiting = new Set(ids);
  return until(async () => {
    for (const id of [...waiting]) {
      const response = await fetch(`${baseUrl}/api/files/${id}/analysis`, { headers });
      const body = (await response.json()) as { status?: string };
      if (body.status === 'completed' || body.status === 'failed') waiting.delete(id);
    }
    return waiting.size === 0;
  }, timeoutMs);
}

/** Waits `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The set-up every load of a scenario shares: `files` uploads of the tenant of `headers`, read once so the server
 * holds them in its cache (unless `warm` is false), then the load over them.
 */
export async function startFileLoad(
  baseUrl: string,
  headers: Record<string, string>,
  options: Omit<LoadOptions, 'baseUrl' | 'headers' | 'readIds'> & { files: number; warm?: boolean },
): Promise<{ readIds: string[]; load: LoadRun }> {
  const { files, warm: warmFirst = true, ...load } = options;
  const readIds = await uploadFiles(baseUrl, headers, files);
  if (warmFirst) await warm(baseUrl, headers, readIds);
  return { readIds, load: startLoad({ ...load, baseUrl, headers, readIds }) };
}

/** A second `serve` over the stack's databases and Redis on a free port, without job workers; its base URL. */
export async function startSecondServer(t: TestContext, stack: FaultStack): Promise<string> {
  const port = await freePort();
  const second = await startServerProcess({ ...stack.env, PORT: String(port), WORKER_ENABLED: 'false' });
  t.after(() => second.child.kill('SIGKILL'));
  return `http://127.0.0.1:${port}`;
}
