import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import {
  controlMigrations,
  loadShardEndpoints,
  migrate,
  openDatabase,
  redactPassword,
  type ControlTables,
} from '../../src/db/index.ts';
import { createTestDatabases } from '../support/databases.ts';
import { cliEnv, eventually, startSecondInstance, startTestApp } from '../support/test-app.ts';

const run = promisify(execFile);

/** The same database under another address: the pool's connections then carry `name` as application_name. */
function renamed(url: string, name: string): string {
  const address = new URL(url);
  address.searchParams.set('application_name', name);
  return address.toString();
}

/** How many connections to the server carry `name` (a pool opened at that address and used). */
async function connectionsNamed(db: Kysely<unknown>, name: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE application_name = ${name}`.execute(db);
  return rows[0]!.n;
}

test('shard set-url repoints a shard added by `shard add` and a configured one; a restart and migrate keep it', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' }, { runWorkers: false });
  t.after(() => ctx.close());
  const extra = await createTestDatabases(1);
  t.after(() => extra.drop());
  const { router } = ctx.deps;
  const env = cliEnv(ctx);
  const cli = (...args: string[]) => run('node', ['bin/construction-ai.js', ...args], { env });

  const added = JSON.parse((await cli('shard', 'add', extra.urls[0]!, '--json')).stdout) as { id: number };
  await eventually(async () => (router.all().some(([id]) => id === added.id) ? true : undefined));

  const addedUrl = renamed(extra.urls[0]!, `cai_added_${added.id}`);
  const configuredUrl = renamed(ctx.config.shardDatabaseUrls[1]!, 'cai_configured_1');
  await cli('shard', 'set-url', String(added.id), addedUrl);
  await cli('shard', 'set-url', '1', configuredUrl, '--json');
  await eventually(async () =>
    router.shard(added.id).url === addedUrl && router.shard(1).url === configuredUrl ? true : undefined,
  );
  // the new pools are the ones used
  await sql`SELECT 1`.execute(router.shard(added.id).db);
  await sql`SELECT 1`.execute(router.shard(1).db);
  assert.ok((await connectionsNamed(router.shard(0).db as Kysely<unknown>, `cai_added_${added.id}`)) > 0);
  assert.ok((await connectionsNamed(router.shard(0).db as Kysely<unknown>, 'cai_configured_1')) > 0);

  // one place keeps the address: `shard list` shows it, a new process opens it, `migrate` reaches it
  const listed = JSON.parse((await cli('shard', 'list', '--json')).stdout) as Array<{
    id: number;
    url: string;
  }>;
  // the list shows addresses without their passwords
  assert.equal(listed.find((shard) => shard.id === 1)?.url, redactPassword(configuredUrl));
  assert.equal(listed.find((shard) => shard.id === added.id)?.url, redactPassword(addedUrl));
  const second = await startSecondInstance(ctx);
  t.after(() => second.close());
  assert.equal(second.deps.router.shard(added.id).url, addedUrl);
  assert.equal(second.deps.router.shard(1).url, configuredUrl);
  assert.equal(second.deps.router.shard(0).url, ctx.config.shardDatabaseUrls[0]);
  const migrated = await cli('migrate');
  assert.match(migrated.stderr, new RegExp(`shard ${added.id}: applied nothing new`));

  // a shard the directory does not have is refused by name
  await assert.rejects(
    cli('shard', 'set-url', '99', addedUrl),
    (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr ?? '', /no shard 99 in the directory/);
      return true;
    },
  );
});

test('the migration carries addresses recorded in shard_endpoints over into shards', async (t) => {
  const databases = await createTestDatabases(1);
  t.after(() => databases.drop());
  const control = openDatabase<ControlTables>(databases.urls[0]!);
  t.after(() => control.db.destroy());
  const split = controlMigrations.findIndex((m) => m.id === 'endpoints_001_shard_endpoints') + 1;
  assert.ok(split > 0);
  await migrate(control.db, controlMigrations.slice(0, split));
  await sql`INSERT INTO shards (id, name, url) VALUES (0, 'shard_0', NULL), (1, 'shard_1', 'postgres://h/added'),
    (2, 'shard_2', 'postgres://h/untouched')`.execute(control.db);
  await sql`INSERT INTO shard_endpoints (shard_id, primary_url, replica_urls)
    VALUES (0, 'postgres://h/promoted0', '{postgres://h/replica0}'), (1, 'postgres://h/promoted1', '{}')`.execute(
    control.db,
  );
  await migrate(control.db, controlMigrations);

  const endpoints = await loadShardEndpoints(control.db, {
    shardUrls: ['postgres://h/configured0', 'postgres://h/configured1', 'postgres://h/configured2'],
    replicaUrls: new Map([[2, ['postgres://h/configured-replica2']]]),
  });
  assert.deepEqual(
    [...endpoints.values()],
    [
      { shardId: 0, primaryUrl: 'postgres://h/promoted0', replicaUrls: ['postgres://h/replica0'] },
      { shardId: 1, primaryUrl: 'postgres://h/promoted1', replicaUrls: [] },
      { shardId: 2, primaryUrl: 'postgres://h/untouched', replicaUrls: ['postgres://h/configured-replica2'] },
    ],
  );
  const { rows } = await sql<{
    gone: boolean;
  }>`SELECT to_regclass('shard_endpoints') IS NULL AS gone`.execute(control.db);
  assert.equal(rows[0]?.gone, true, 'one table keeps the addresses');
});
