import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createTestDatabases } from './databases.ts';
import { ADMIN_TOKEN } from './test-app.ts';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A `construction-ai serve` child process and what it has printed: stdout (JSON logs), stderr (notes). */
export interface ServerProcess {
  child: ChildProcess;
  stdoutLines(): string[];
  stderrText(): string;
}

/**
 * Starts `construction-ai serve` (or `worker`) with `env` over this process's environment; resolves once it prints
 * `readyLine`.
 */
export function startServerProcess(
  env: Record<string, string>,
  readyLine = 'listening on http',
  command: 'serve' | 'worker' = 'serve',
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['bin/construction-ai.js', command], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(readyLine))
        resolve({ child, stdoutLines: () => stdout.split('\n'), stderrText: () => log });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${log}`)));
  });
}

/**
 * Environment for `serve` on fresh databases (a control database and `shards` shards), a fresh data folder
 * and a free port, all removed after `t`; and the base URL it will answer on.
 */
export async function freshServerEnv(
  t: TestContext,
  shards: number,
): Promise<{ env: Record<string, string>; baseUrl: string }> {
  const databases = await createTestDatabases(1 + shards);
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-serve-'));
  t.after(async () => {
    await databases.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const port = await freePort();
  const env = {
    DATABASE_URL: databases.urls[0]!,
    SHARD_DATABASE_URLS: databases.urls.slice(1).join(','),
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  return { env, baseUrl: `http://127.0.0.1:${port}` };
}
