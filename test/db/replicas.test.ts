import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { buildDeps } from '../../src/deps.ts';
import { startReplicatedPostgres } from '../../src/db/testing/replicated-postgres.ts';
import { addNotification, notificationTitles, onReplica } from '../support/replica-reads.ts';
import { eventually, startTestApp } from '../support/test-app.ts';

test('streaming replica: list reads, read-your-writes, lagging and lost replica', async (t) => {
  const servers = await startReplicatedPostgres();
  t.after(() => servers.destroy());
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    SHARD_DATABASE_URLS: servers.primary.url,
    SHARD_REPLICA_URLS: `0=${servers.replica.url}`,
    // generous: the paused-replay checks must not race the skip of a lagging replica on a slow machine
    REPLICA_MAX_LAG_MS: '120000',
    REPLICA_PIN_MS: '240000',
    REPLICA_POLL_MS: '50',
  });
  t.after(() => ctx.close());
  const router = ctx.deps.router;
  const primary = router.shard(0).db;
  const replicaAdmin = new pg.Client({ connectionString: servers.replica.url });
  await replicaAdmin.connect();
  t.after(() => replicaAdmin.end().catch(() => undefined));

  const writer = await ctx.createTenant('Writer');
  const reader = await ctx.createTenant('Reader');
  const notify = (tenantId: string, title: string) => addNotification(primary, tenantId, title);
  const writerNote = await notify(writer.tenantId, 'w1');
  await notify(reader.tenantId, 'r1');
  // both tenants' reads reach the replica once it has replayed the rows
  await eventually(
    async () =>
      ((await onReplica(router, reader.tenantId)) && (await onReplica(router, writer.tenantId))) || undefined,
  );
  assert.deepEqual(await notificationTitles(ctx.app, writer.headers, true), ['w1']);

  await t.test(
    "with replay paused, a list answers from the replica (without the primary's new row)",
    async () => {
      await replicaAdmin.query('SELECT pg_wal_replay_pause()');
      await notify(reader.tenantId, 'r2');
      assert.deepEqual(await notificationTitles(ctx.app, reader.headers), ['r1']);
      const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM notifications WHERE tenant_id = ${reader.tenantId}`.execute(primary);
      assert.equal(rows[0]!.n, 2, 'the primary has both');
    },
  );

  await t.test(
    'the writer reads its own write: its lists go to the primary until the replica replays it',
    async () => {
      const read = await ctx.app.inject({
        method: 'POST',
        url: `/api/notifications/${writerNote}/read`,
        headers: writer.headers,
      });
      assert.equal(read.statusCode, 200, read.body);
      assert.equal(await onReplica(router, writer.tenantId), false, 'pinned to the primary');
      assert.deepEqual(
        await notificationTitles(ctx.app, writer.headers, true),
        [],
        'its own write is visible',
      );
      assert.deepEqual(
        await notificationTitles(ctx.app, reader.headers),
        ['r1'],
        'others still read the replica',
      );

      await replicaAdmin.query('SELECT pg_wal_replay_resume()');
      await eventually(async () => (await onReplica(router, writer.tenantId)) || undefined);
      assert.deepEqual(await notificationTitles(ctx.app, writer.headers, true), []);
      assert.deepEqual(await notificationTitles(ctx.app, reader.headers), ['r1', 'r2']);
    },
  );

  await t.test('lag is exported, and a replica lagging past REPLICA_MAX_LAG_MS is skipped', async () => {
    const metrics = await ctx.deps.metricsText();
    assert.match(metrics, /db_replica_lag_seconds\{shard="0",replica="[^"]+"\} [0-9.e-]+/);
    assert.match(metrics, /db_replica_serving\{shard="0",replica="[^"]+"\} 1/);

    // a second process over the same servers, with a tight lag bound
    const strict = await buildDeps(
      { ...ctx.config, replicaMaxLagMs: 200, replicaPinMs: 400 },
      { runWorkers: false, log: () => undefined },
    );
    const strictApp = await buildApp(strict);
    t.after(async () => {
      await strictApp.close();
      await strict.close();
    });
    await eventually(
      async () =>
        (await strict.router.forTenantRead(reader.tenantId)) !== strict.router.forTenant(reader.tenantId) ||
        undefined,
    );
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    await notify(reader.tenantId, 'r3');
    // the replica still lacks r3: once it lags 200 ms, the list comes from the primary again
    const fresh = await eventually(async () => {
      const seen = await notificationTitles(strictApp, reader.headers);
      return seen.includes('r3') ? seen : undefined;
    });
    assert.deepEqual(fresh, ['r1', 'r2', 'r3']);
    const [status] = strict.router.replicaStatus();
    assert.equal(status?.serving, false);
    assert.ok(status.lagMs > 200, `lag ${status.lagMs} ms`);
    await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    await eventually(async () => strict.router.replicaStatus()[0]?.serving || undefined);
  });

  await t.test('a replica that dies: lists keep answering, from the primary', async () => {
    await eventually(async () => (await onReplica(router, reader.tenantId)) || undefined);
    await replicaAdmin.end();
    await servers.replica.stop('immediate');
    // the very next reads, before any probe noticed: their connection attempt falls back to the primary
    for (let i = 0; i < 3; i++)
      assert.deepEqual(await notificationTitles(ctx.app, reader.headers), ['r1', 'r2', 'r3']);
    await eventually(async () => (!(await onReplica(router, reader.tenantId)) ? true : undefined));
    assert.match(await ctx.deps.metricsText(), /db_replica_serving\{shard="0",replica="[^"]+"\} 0/);
  });
});
