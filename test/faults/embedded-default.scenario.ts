import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { answers, createTenant, sleep, startFileLoad, until, uploadFiles } from './support/fault-stack.ts';
import { lostUploads, summarize } from './support/load.ts';
import { recordScenario } from './support/reliability-report.ts';

const isRoot = process.getuid?.() === 0;
/** A request answered later than this hung instead of failing fast. */
const HANG_MS = 15_000;

/** The embedded default (no DATABASE_URL, no Redis) over `dataDir`, on `port`. */
function embeddedEnv(dataDir: string, port: number): Record<string, string> {
  return {
    DATABASE_URL: '',
    SHARD_DATABASE_URLS: '',
    REDIS_URL: '',
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    LOG_REQUESTS: 'false',
    JOB_EXPIRE_SECONDS: '10',
  };
}

function exited(server: ServerProcess): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null)
    return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => server.child.once('exit', resolve));
}

/** Pid of the postmaster running the embedded cluster of `dataDir`. */
function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** A data folder removed after `t`, with the embedded PostgreSQL left running in it (after a kill -9) stopped. */
function dataFolder(t: TestContext): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-fault-embedded-'));
  t.after(() => {
    try {
      process.kill(postmasterPid(dataDir), 'SIGKILL');
    } catch {
      // not running
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  return dataDir;
}

test('embedded default: restart, kill -9 of the server, kill -9 of its PostgreSQL under load: supervised, nothing lost', async (t) => {
  const dataDir = dataFolder(t);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = embeddedEnv(dataDir, port);
  let server = await startServerProcess(env);
  t.after(() => server.child.kill('SIGKILL'));
  const { headers } = await createTenant(baseUrl);
  const before = await uploadFiles(baseUrl, headers, 5);

  // 1. a clean restart on the same folder (as root: the folder permissions PostgreSQL insists on survive it)
  server.child.kill('SIGTERM');
  assert.equal(await exited(server), 0, server.stderrText());
  server = await startServerProcess(env);
  assert.deepEqual(await lostUploads(baseUrl, headers, before), [], 'uploads survive a restart');

  // 2. kill -9 of the server: its PostgreSQL is left running and the next start reuses it
  server.child.kill('SIGKILL');
  await exited(server);
  server = await startServerProcess(env);
  assert.deepEqual(
    await lostUploads(baseUrl, headers, before),
    [],
    'uploads survive a kill -9 of the server',
  );

  // 3. kill -9 of the embedded PostgreSQL under load: the server starts it again and serves meanwhile
  const { load } = await startFileLoad(baseUrl, headers, {
    files: 5,
    concurrency: 4,
    mix: ['read', 'upload', 'read'],
  });
  await sleep(2000);
  const acceptedBeforeKill = summarize(load.records(), 2000).acceptedUploads;
  process.kill(postmasterPid(dataDir), 'SIGKILL');
  const recoveryMs = await until(async () => {
    const [id] = await uploadFiles(baseUrl, headers, 1).catch(() => []);
    return id !== undefined;
  }, 90_000);
  await sleep(1500);
  const records = await load.stop();
  const summary = summarize(records, 2000);
  const lost = await lostUploads(baseUrl, headers, [...before, ...summary.acceptedUploads]);
  recordScenario({
    scenario: 'Embedded PostgreSQL killed (kill -9)',
    load: `4 clients, ${summary.rate} req/s, ${summary.requests} requests (2 reads : 1 upload)`,
    fault: 'kill -9 of the embedded postmaster (after a restart and a kill -9 of the server)',
    failed: summary.failed,
    slow: summary.slow,
    slowBoundMs: 2000,
    lost: lost.length,
    recoveryMs,
    notes: `${summary.refusedWithRetryAfter} answered 503 + Retry-After; ${acceptedBeforeKill.length} uploads accepted before the kill`,
  });

  assert.match(server.stderrText(), /embedded PostgreSQL restarted/);
  assert.deepEqual(
    records.filter((r) => r.status !== 200 && !(r.status === 503 && r.retryAfter)).slice(0, 5),
    [],
    'while the database is down, requests are refused with 503 and Retry-After',
  );
  assert.deepEqual(
    records.filter((r) => r.ms > HANG_MS),
    [],
    'no request hangs',
  );
  assert.deepEqual(lost, [], 'every upload answered 200 is still there');
  server.child.kill('SIGTERM');
  assert.equal(await exited(server), 0, server.stderrText());
});

test('embedded default as a non-root user: starts, stops and starts again on a data folder it owns', async (t) => {
  if (!isRoot) return t.skip('needs root to run the server as another user');
  const dataDir = dataFolder(t);
  const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }));
  const nogroup = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }));
  chownSync(dataDir, nobody, nogroup);
  const port = await freePort();
  for (let run = 0; run < 2; run++) {
    // setpriv execs the server itself (runuser would stand between it and the signal)
    const asNobody = ['--reuid', String(nobody), '--regid', String(nogroup), '--clear-groups'];
    const child = spawn('setpriv', [...asNobody, process.execPath, 'bin/construction-ai.js', 'serve'], {
      env: { ...process.env, ...embeddedEnv(dataDir, port), HOME: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const up = await until(async () => answers(`http://127.0.0.1:${port}/ready`, 200), 90_000).catch(
      (error: Error) => error,
    );
    if (up instanceof Error) {
      child.kill('SIGKILL');
      assert.fail(`run ${run + 1} as nobody did not get ready: ${log}`);
    }
    child.kill('SIGTERM');
    assert.equal(await exit, 0, log);
  }
});
