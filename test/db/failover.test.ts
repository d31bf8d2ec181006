import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { startReplicatedPostgres } from '../../src/db/testing/replicated-postgres.ts';
import { eventually, multipartFile, startTestApp } from '../support/test-app.ts';

const run = promisify(execFile);

test('primary failover: the replica is promoted, shard set-url repoints the running app, no acknowledged upload is lost', async (t) => {
  // synchronous replication: a commit is acknowledged only once the replica has it
  const servers = await startReplicatedPostgres({ synchronous: true });
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    SHARD_DATABASE_URLS: servers.primary.url,
    SHARD_REPLICA_URLS: `0=${servers.replica.url}`,
  }).catch(async (error: unknown) => {
    await servers.destroy();
    throw error;
  });
  let writing = true;
  let writes: Promise<void> = Promise.resolve();
  t.after(async () => {
    writing = false; // the writes stop before the app closes, however the test ends
    await writes;
    await ctx.close();
    await servers.destroy();
  });
  const tenant = await ctx.createTenant('Steady');

  const acknowledged: Array<{ id: string; startedAt: number; at: number }> = [];
  let failures = 0;
  writes = (async () => {
    for (let i = 0; writing; i++) {
      const body = multipartFile(`plan-${i}.dxf`, '0\nEOF\n');
      const startedAt = Date.now();
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/files/upload',
        headers: { ...tenant.headers, ...body.headers },
        payload: body.payload,
      });
      if (response.statusCode === 200)
        acknowledged.push({ id: response.json<{ file_id: string }>().file_id, startedAt, at: Date.now() });
      else {
        failures++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  })();
  await eventually(async () => acknowledged.length >= 5 || undefined);

  const killedAt = Date.now();
  await servers.primary.stop('immediate');
  await servers.replica.promote();
  const promotedAt = Date.now();
  await run(process.execPath, ['bin/construction-ai.js', 'shard', 'set-url', '0', servers.replica.url], {
    env: { ...process.env, DATABASE_URL: ctx.config.databaseUrl, LOG_LEVEL: 'silent' },
  });
  const repointedAt = Date.now();
  const before = acknowledged.filter((write) => write.at < killedAt).length;
  await eventually(
    async () => acknowledged.filter((write) => write.at > repointedAt).length >= 5 || undefined,
  );
  writing = false;
  await writes;

  const firstAfter = acknowledged.find((write) => write.startedAt > killedAt)!.at;
  t.diagnostic(
    `failover: promote ${promotedAt - killedAt} ms, set-url CLI ${repointedAt - promotedAt} ms, ` +
      `first upload answered 200 ${firstAfter - killedAt} ms after the crash ` +
      `(${firstAfter - repointedAt} ms after set-url); ${failures} uploads refused meanwhile`,
  );
  assert.ok(before >= 5 && acknowledged.length > before + 4);

  const newPrimary = new pg.Client({ connectionString: servers.replica.url });
  newPrimary.on('error', () => undefined); // the server may stop first, when the test fails
  await newPrimary.connect();
  t.after(() => newPrimary.end()); // after hooks run in order: the app and servers are gone by then
  const { rows } = await newPrimary.query<{ id: string }>('SELECT id::text FROM files WHERE tenant_id = $1', [
    tenant.tenantId,
  ]);
  const stored = new Set(rows.map((row) => row.id));
  const lost = acknowledged.filter((write) => !stored.has(write.id));
  assert.deepEqual(lost, [], 'every upload answered 200 is on the promoted server');
  const jobs = await newPrimary.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'analyze_file' AND data->>'tenantId' = $1",
    [tenant.tenantId],
  );
  assert.ok(jobs.rows[0]!.n >= acknowledged.length, 'each acknowledged upload has its analysis job');
  assert.deepEqual(ctx.deps.router.replicaStatus(), [], 'the promoted replica no longer serves as one');
  assert.equal(ctx.deps.router.shard(0).url, servers.replica.url);
});
