import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { closedPortUrl, testRedisUrl } from '../../src/cache/testing/redis.ts';
import { buildDeps } from '../../src/deps.ts';
import { startReplicatedPostgres } from '../../src/db/testing/replicated-postgres.ts';
import { addNotification, notificationTitles, onReplica } from '../support/replica-reads.ts';
import { eventually, startSecondInstance, startTestApp } from '../support/test-app.ts';

test('read-your-writes across processes: a write noted in one keeps the reads of another off a lagging replica', async (t) => {
  const servers = await startReplicatedPostgres();
  t.after(() => servers.destroy());
  // two processes over one primary, its replica and one Redis (the test app's random CACHE_PREFIX)
  const a = await startTestApp({
    WORKER_ENABLED: 'false',
    REDIS_URL: testRedisUrl,
    SHARD_DATABASE_URLS: servers.primary.url,
    SHARD_REPLICA_URLS: `0=${servers.replica.url}`,
    // generous: the paused-replay checks must not race the skip of a lagging replica on a slow machine
    REPLICA_MAX_LAG_MS: '120000',
    REPLICA_PIN_MS: '240000',
    REPLICA_POLL_MS: '50',
  });
  t.after(() => a.close());
  const b = await startSecondInstance(a);
  t.after(() => b.close());
  const primary = a.deps.router.shard(0).db;
  const replicaAdmin = new pg.Client({ connectionString: servers.replica.url });
  replicaAdmin.on('error', () => undefined); // the servers are destroyed before it is ended
  await replicaAdmin.connect();
  t.after(() => replicaAdmin.end().catch(() => undefined));

  const writer = await a.createTenant('Writer');
  const reader = await a.createTenant('Reader');
  const notify = (tenantId: string, title: string) => addNotification(primary, tenantId, title);
  const writerNote = await notify(writer.tenantId, 'w1');
  await notify(reader.tenantId, 'r1');
  // in both processes, both tenants' reads reach the replica once it has replayed the rows
  for (const router of [a.deps.router, b.deps.router])
    await eventually(
      async () =>
        ((await onReplica(router, writer.tenantId)) && (await onReplica(router, reader.tenantId))) ||
        undefined,
    );
  assert.deepEqual(await notificationTitles(b.app, writer.headers, true), ['w1']);

  await t.test('with replay paused, the writer reads its write on the other process', async () => {
    await replicaAdmin.query('SELECT pg_wal_replay_pause()');
    await eventually(async () => {
      const { rows } = await replicaAdmin.query<{ state: string }>(
        'SELECT pg_get_wal_replay_pause_state() AS state',
      );
      return rows[0]?.state === 'paused' || undefined;
    });
    await notify(reader.tenantId, 'r2'); // the replica lacks it: a list without it came from the replica

    const read = await a.app.inject({
      method: 'POST',
      url: `/api/notifications/${writerNote}/read`,
      headers: writer.headers,
    });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(await onReplica(b.deps.router, writer.tenantId), false, 'pinned to the primary in B too');
    assert.deepEqual(
      await notificationTitles(b.app, writer.headers, true),
      [],
      'B shows the write made through A',
    );
    assert.equal(await onReplica(b.deps.router, reader.tenantId), true, 'another tenant: the replica');
    assert.deepEqual(await notificationTitles(b.app, reader.headers), ['r1'], 'read from the paused replica');
  });

  await t.test('once the replica replayed past the write, B reads the writer from it again', async () => {
    await replicaAdmin.query('SELECT pg_wal_replay_resume()');
    await eventually(async () => (await onReplica(b.deps.router, writer.tenantId)) || undefined);
    assert.deepEqual(await notificationTitles(b.app, writer.headers, true), []);
    assert.deepEqual(await notificationTitles(b.app, reader.headers), ['r1', 'r2']);
  });

  await t.test('a process that cannot reach Redis reads from the primary, never a replica', async () => {
    const cut = await buildDeps(
      { ...a.config, redisUrl: await closedPortUrl() },
      { runWorkers: false, log: () => undefined },
    );
    const cutApp = await buildApp(cut);
    t.after(async () => {
      await cutApp.close();
      await cut.close();
    });
    // the replica is caught up and serving: only the unanswerable shared pin keeps the reads off it
    await eventually(async () => cut.router.replicaStatus()[0]?.serving || undefined);
    assert.equal(await onReplica(cut.router, reader.tenantId), false);
    assert.deepEqual(await notificationTitles(cutApp, reader.headers), ['r1', 'r2']);
  });
});
