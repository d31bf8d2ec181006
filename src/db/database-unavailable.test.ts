import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { testServerUrl } from '../../test/support/databases.ts';
import { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable.ts';

test('a PostgreSQL that refuses a connection because it is full (53300) is unavailable, not a failed query', async (t) => {
  // a role allowed no connection is refused the way a server at max_connections refuses everyone
  const role = `cai_full_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  t.after(async () => {
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });
  await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 0 PASSWORD 'full'`);
  const url = new URL(testServerUrl());
  url.username = role;
  url.password = 'full'; // servers that check passwords (the embedded one) refuse a role without one first
  const refused = await new pg.Client({ connectionString: url.toString() }).connect().then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.equal((refused as { code?: string }).code, '53300', String(refused));
  assert.ok(isDatabaseUnavailable(refused));
  assert.equal(new DatabaseUnavailableError({ cause: refused }).statusCode, 503);

  const wrongQuery = await admin.query('SELECT * FROM no_such_table').then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.equal(isDatabaseUnavailable(wrongQuery), false, 'a wrong query stays a 500');
});
