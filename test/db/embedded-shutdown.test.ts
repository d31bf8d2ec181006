import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process.ts';

function tempDataDir(t: TestContext): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-embedded-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  return dataDir;
}

function embeddedServerEnv(dataDir: string, port: number): Record<string, string> {
  return {
    DATABASE_URL: '',
    SHARD_DATABASE_URLS: '',
    REDIS_URL: '',
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
}

function exitCode(server: ServerProcess): Promise<number | null> {
  return new Promise((resolve) => server.child.once('exit', resolve));
}

test('on the embedded default, SIGTERM drains and stops everything before the database, with no errors', async (t) => {
  const server = await startServerProcess(embeddedServerEnv(tempDataDir(t), await freePort()));
  await new Promise((resolve) => setTimeout(resolve, 2000)); // job workers polling
  server.child.kill('SIGTERM');
  assert.equal(await exitCode(server), 0);
  const stderr = server.stderrText();
  assert.match(stderr, /SIGTERM: shutting down/);
  assert.doesNotMatch(stderr, /terminating connection|job error|shutdown failed/);
});

test('SIGTERM while the server is still starting stops the embedded database too', async (t) => {
  const dataDir = tempDataDir(t);
  const server = await startServerProcess(
    embeddedServerEnv(dataDir, await freePort()),
    'embedded PostgreSQL listening on',
  );
  server.child.kill('SIGTERM');
  assert.equal(await exitCode(server), 0);
  const { port } = JSON.parse(readFileSync(join(dataDir, 'postgres.json'), 'utf8')) as { port: number };
  const probe = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await assert.rejects(probe.connect(), /ECONNREFUSED/);
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
