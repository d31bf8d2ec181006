import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const isRoot = process.getuid?.() === 0;

function exitCode(server: ServerProcess): Promise<number | null> {
  return new Promise((resolve) => server.child.once('exit', resolve));
}

/** `serve` on the embedded default over `dataDir`, on a free port. */
async function startEmbedded(dataDir: string): Promise<ServerProcess> {
  return startServerProcess({
    DATABASE_URL: '',
    SHARD_DATABASE_URLS: '',
    REDIS_URL: '',
    ADMIN_TOKEN: '',
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  });
}

async function serveOnce(dataDir: string): Promise<void> {
  const server = await startEmbedded(dataDir);
  server.child.kill('SIGTERM');
  assert.equal(await exitCode(server), 0, server.stderrText());
}

const mode = (path: string): number => statSync(path).mode & 0o777;

test('the embedded default starts again on the same data folder, which stays private', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-restart-')); // 0700, like a private DATA_DIR
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const tmpMode = mode(tmpdir());

  await serveOnce(dataDir);
  const token = join(dataDir, 'admin-token');
  assert.equal(mode(token), 0o600);
  chmodSync(token, 0o644); // loosened by hand (or by an old version) between the runs
  await serveOnce(dataDir); // used to fail: PostgreSQL refused a data directory that had gained o+x

  assert.equal(mode(token), 0o600, 'the admin token is made owner-only again at start');
  const databaseDir = join(dataDir, 'postgres');
  assert.equal(mode(databaseDir) & 0o027, 0, 'PostgreSQL accepts only 0700 or 0750');
  assert.equal(mode(dataDir) & 0o007, 0, 'others gain no access to the data folder');
  assert.equal(mode(tmpdir()), tmpMode, 'folders above the data folder are left as they were');
  if (isRoot) {
    const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    assert.equal(statSync(databaseDir).uid, postgresUid, 'the database folder belongs to postgres');
  }
});

test('a data folder whose database directory was loosened starts again, and a failed start names the cause', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-restart-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  await serveOnce(dataDir);
  const databaseDir = join(dataDir, 'postgres');
  chmodSync(databaseDir, 0o701); // what the old start-up left behind on a restart as root
  await serveOnce(dataDir);
  assert.equal(mode(databaseDir) & 0o027, 0);

  // A database directory that is not a cluster: the start fails and says why, not `undefined`.
  rmSync(join(databaseDir, 'global'), { recursive: true, force: true });
  const failed = startEmbedded(dataDir);
  const error = await failed.then(
    () => assert.fail('the server started on a broken cluster'),
    (e: Error) => e,
  );
  assert.doesNotMatch(error.message, /^undefined$/m);
  assert.match(error.message, /embedded PostgreSQL .*exited while starting/);
});
