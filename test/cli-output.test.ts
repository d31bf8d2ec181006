import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { controlMigrations, migrate, openDatabase, type ControlTables } from '../src/db/index.ts';
import { createTestDatabases } from './support/databases.ts';

/** Tenants listed: with 200-character names, about 1.3 MB of output, far more than a pipe holds (64 KiB). */
const TENANTS = 5000;

/** `construction-ai tenant list` with its stdout a pipe; `reader` decides how that pipe is read. */
async function tenantList(
  env: NodeJS.ProcessEnv,
  reader: (stdout: NodeJS.ReadableStream) => Promise<string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/construction-ai.js', 'tenant', 'list'], { env });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const stdout = await reader(child.stdout.setEncoding('utf8'));
  const [code] = await exited;
  return { code, stdout, stderr };
}

void test('a CLI command printing into a pipe: all of its output arrives, and a reader leaving early is no crash', async (t) => {
  const databases = await createTestDatabases(2);
  t.after(() => databases.drop());
  const control = openDatabase<ControlTables>(databases.urls[0]!, { max: 1 });
  await migrate(control.db, controlMigrations);
  await sql`
    INSERT INTO tenants (id, name)
    SELECT gen_random_uuid(), 'Tenant ' || lpad(n::text, 193, '.') FROM generate_series(1, ${TENANTS}) AS n
  `.execute(control.db);
  await control.db.destroy();
  const env = {
    ...process.env,
    DATABASE_URL: databases.urls[0],
    SHARD_DATABASE_URLS: databases.urls[1],
    LOG_LEVEL: 'silent',
  };

  await t.test('a slow reader gets every line', async () => {
    const { code, stdout, stderr } = await tenantList(env, async (stdout) => {
      stdout.pause();
      await sleep(1000); // the pipe is full long before the command is done printing
      let text = '';
      for await (const chunk of stdout) text += chunk as string;
      return text;
    });
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.equal(lines.pop(), '', 'the output ends with its last newline');
    assert.equal(lines.length, TENANTS);
    assert.match(lines.at(-1)!, new RegExp(`\\.${TENANTS}$`));
  });

  await t.test('a reader that leaves after the first line (| head -1): a quiet exit, no stack', async () => {
    const { code, stdout, stderr } = await tenantList(env, async (stdout) => {
      let text = '';
      for await (const chunk of stdout) {
        text += chunk as string;
        if (text.includes('\n')) break; // leaving the loop destroys the stream: the read end closes
      }
      return text.slice(0, text.indexOf('\n'));
    });
    assert.match(stdout, /Tenant \.+1$/);
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
