import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServerProcess } from '../support/server-process.ts';

test('on the embedded default, SIGTERM drains and stops everything before the database, with no errors', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-embedded-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startServerProcess({
    DATABASE_URL: '',
    SHARD_DATABASE_URLS: '',
    REDIS_URL: '',
    DATA_DIR: dataDir,
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
