import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { freePort, startServerProcess } from '../support/server-process.ts';

function tempDataDir(t: { after(fn: () => void): void }): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-embedded-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  return dataDir;
}

test('on the embedded default, SIGTERM drains and stops everything before the database, with no errors', async (t) => {
  const server = await startServerProcess({
    DATABASE_URL: '',
    SHARD_DATABASE_URLS: '',
    REDIS_URL: '',
    DATA_DIR: tempDataDir(t),
    PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  });
  await new Promise((resolve) => setTimeout(resolve, 2000)); // job workers polling
  server.child.kill('SIGTERM');
  const code = await new Promise((resolve) => server.child.once('exit', resolve));
  assert.equal(code, 0);
  const stderr = server.stderrText();
  assert.match(stderr, /SIGTERM: shutting down/);
  assert.doesNotMatch(stderr, /terminating connection|job error|shutdown failed/);
});

test('the embedded database stops only once the clients still disconnecting are gone', async (t) => {
  const embedded = await startEmbeddedPostgres(tempDataDir(t), () => undefined);
  const client = new pg.Client({ connectionString: embedded.controlUrl });
  const clientErrors: Error[] = [];
  client.on('error', (error) => clientErrors.push(error));
  await client.connect();

  const stopped = embedded.stop();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one, 1);
  await client.end();
  await stopped;
  assert.deepEqual(clientErrors, []);
});
