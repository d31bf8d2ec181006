import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type RawBuilder } from 'kysely';
import { eventually, startTestApp } from '../support/test-app.ts';

const rule = (i: number) => ({
  name: `every minute ${i}`,
  trigger_type: 'scheduled',
  trigger_settings: { cron: '* * * * *' },
  actions: [{ type: 'send_notification', message: 'tick' }],
});

/** Alice and Bob on one shard of a test app; `holdLock` keeps one of Alice's transactions (taking a lock) open. */
async function neighbours(t: TestContext) {
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => (release = resolve));
  t.after(() => release()); // freed first on failure
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', REDIS_URL: 'redis://127.0.0.1:6379' });
  t.after(() => ctx.close());
  const { deps } = ctx;
  const alice = await ctx.createTenant('Alice');
  const shard = deps.router.shardIdFor(alice.tenantId);
  let bob = await ctx.createTenant('Bob');
  while (deps.router.shardIdFor(bob.tenantId) !== shard) bob = await ctx.createTenant('Bob');
  /** Runs `statement` in a transaction of Alice's shard and keeps it open until `release`; resolves once it ran. */
  const holdLock = async (statement: RawBuilder<unknown>) => {
    let locked = () => undefined as void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = deps.router
      .forTenant(alice.tenantId)
      .transaction()
      .execute(async (trx) => {
        await statement.execute(trx);
        locked();
        await released;
      });
    await isLocked;
    return async () => {
      release();
      await holder;
    };
  };
  return { app: ctx.app, deps, alice, bob, holdLock };
}

// The shard pool has 10 connections. Each rule creation locks its tenant's quota row until it commits, so a
// tenant's concurrent creations serialise; they must wait for their turn in the process, not each holding a
// connection, or a flood of them takes the pool from every other tenant of the shard.
test("a tenant's rule flood waits in its own line and leaves the shard's connections to others", async (t) => {
  const { app, deps, alice, bob, holdLock } = await neighbours(t);
  const create = (headers: Record<string, string>, i: number) =>
    app.inject({ method: 'POST', url: '/api/automation-rules', headers, payload: rule(i) });
  assert.equal((await create(alice.headers, 0)).statusCode, 201); // her quota row exists now

  // her quota row held locked, as a slow creation would hold it
  const release = await holdLock(sql`UPDATE quota_usage SET used = used
    WHERE tenant_id = ${alice.tenantId}::uuid AND quota = 'automation_rules'`);

  const flood = Array.from({ length: 12 }, (_, i) => create(alice.headers, i + 1));
  await eventually(async () => deps.automation.rules.waitingWrites(alice.tenantId) === 11 || undefined);
  const lockWaits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(
    deps.router.forTenant(bob.tenantId),
  );
  assert.equal(lockWaits.rows[0]!.n, 1, "one of Alice's creations holds a connection, waiting for her lock");

  const bobs = await create(bob.headers, 1);
  assert.equal(bobs.statusCode, 201, `Bob is served while Alice's flood waits: ${bobs.body}`);

  await release();
  const statuses = (await Promise.all(flood)).map((response) => response.statusCode);
  assert.deepEqual(
    statuses,
    Array.from({ length: 12 }, () => 201),
    'every creation of hers runs in turn',
  );
  assert.equal(deps.automation.rules.waitingWrites(alice.tenantId), 0);
});

test("a tenant's layer-mapping flood waits in its own line and leaves the shard's connections to others", async (t) => {
  const { app, deps, alice, bob, holdLock } = await neighbours(t);
  const put = (headers: Record<string, string>, i: number) =>
    app.inject({
      method: 'PUT',
      url: '/api/layer-mappings',
      headers,
      payload: { mappings: [{ pattern: `*a*b${i}`, element_class: 'wall' }] },
    });

  // Alice's replacements serialise on her advisory lock: held here until `release`
  const release = await holdLock(
    sql`SELECT pg_advisory_xact_lock(hashtext(${`layer-mappings:${alice.tenantId}`}))`,
  );

  const flood = Array.from({ length: 12 }, (_, i) => put(alice.headers, i));
  await eventually(async () => deps.layerMappings.waitingReplacements(alice.tenantId) === 11 || undefined);
  const bobs = await put(bob.headers, 0);
  assert.equal(bobs.statusCode, 200, `Bob is served while Alice's flood waits: ${bobs.body}`);

  await release();
  const statuses = (await Promise.all(flood)).map((response) => response.statusCode);
  assert.deepEqual(
    statuses,
    Array.from({ length: 12 }, () => 200),
  );
});
