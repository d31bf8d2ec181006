import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TenantUsageJson } from '../../src/analytics/index.ts';
import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { ADMIN_TOKEN, eventually, startTestApp } from '../support/test-app.ts';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const ESTIMATE = { materials: { concrete: 100, steel: 50 }, location: 'New York' };

void test('usage views: per shard, refreshed on a schedule under a lock, merged for the operator', async (t) => {
  const ctx = await startTestApp({ ANALYTICS_REFRESH_SECONDS: '5' }, { runWorkers: true });
  t.after(() => ctx.close());
  const get = (url: string, headers: Record<string, string>) =>
    ctx.app.inject({ method: 'GET', url, headers });
  const adminUsage = async (refresh: boolean) => {
    const response = await get(`/api/admin/usage${refresh ? '?refresh=true' : ''}`, admin);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: TenantUsageJson[] }>().items;
  };

  // Tenants are made until both shards hold one, so the merge over shards shows.
  const tenants = [await ctx.createTenant('A'), await ctx.createTenant('B')];
  const shardOf = (tenantId: string) => ctx.deps.router.shardIdFor(tenantId);
  while (new Set(tenants.map((tenant) => shardOf(tenant.tenantId))).size < 2)
    tenants.push(await ctx.createTenant(`T${tenants.length}`));
  const alice = tenants[0]!;
  const bob = tenants.find((tenant) => shardOf(tenant.tenantId) !== shardOf(alice.tenantId))!;
  const dxf = buildRoomDxf({ unit: 'm' });
  await ctx.upload(alice.headers, 'a1.dxf', dxf);
  await ctx.upload(alice.headers, 'a2.dxf', dxf);
  await ctx.upload(bob.headers, 'b1.dxf', dxf);
  const estimate = await ctx.app.inject({
    method: 'POST',
    url: '/api/cost-estimates',
    headers: alice.headers,
    payload: ESTIMATE,
  });
  assert.equal(estimate.statusCode, 201, estimate.body);
  const divisions = estimate.json<{ divisions: Array<{ division: string; total: number }> }>().divisions;
  await eventually(async () => {
    const rows = await ctx.deps.router
      .forTenant(alice.tenantId)
      .selectFrom('file_analyses')
      .select('status')
      .where('tenant_id', '=', alice.tenantId)
      .execute();
    return rows.length === 2 && rows.every((row) => row.status === 'completed') ? true : undefined;
  }, 60_000);

  await t.test('the operator report, refreshed first, has every tenant of both shards', async () => {
    const items = await adminUsage(true);
    const a = items.find((item) => item.tenant_id === alice.tenantId)!;
    const b = items.find((item) => item.tenant_id === bob.tenantId)!;
    assert.equal(a.shard, `shard_${shardOf(alice.tenantId)}`);
    assert.equal(b.shard, `shard_${shardOf(bob.tenantId)}`);
    assert.notEqual(a.shard, b.shard);
    assert.equal(a.file_count, 2);
    assert.equal(a.total_bytes, 2 * Buffer.byteLength(dxf));
    assert.equal(b.file_count, 1);
    assert.equal(a.estimates, 1);
    assert.equal(b.estimates, 0);
    assert.ok(a.avg_processing_ms !== null && a.avg_processing_ms >= 0);
    const month = new Date().toISOString().slice(0, 7);
    assert.deepEqual(
      a.months.map((m) => [m.month, m.uploads, m.analyses_completed, m.analyses_failed, m.dxf_files]),
      [[month, 2, 2, 0, 2]],
    );
    assert.ok(a.months[0]!.p50_analysis_ms !== null && a.months[0]!.p95_analysis_ms !== null);
    assert.equal(a.cost_estimates.length, 1);
    const [estimated] = a.cost_estimates;
    assert.equal(estimated!.location_key, 'new-york-ny');
    assert.equal(estimated!.estimates, 1);
    assert.deepEqual(
      estimated!.by_division,
      Object.fromEntries(divisions.map((division) => [division.division, division.total])),
    );
    assert.ok(a.refreshed_at !== null);
    // every row of every view is unique on its index, as REFRESH … CONCURRENTLY needs
    assert.equal(new Set(items.map((item) => item.tenant_id)).size, items.length);
  });

  await t.test('a tenant reads its own rows only, as another tenant would not', async () => {
    const mine = await get('/api/usage', alice.headers);
    assert.equal(mine.statusCode, 200, mine.body);
    const usage = mine.json<TenantUsageJson>();
    assert.equal(usage.tenant_id, alice.tenantId);
    assert.equal(usage.file_count, 2);
    const theirs = (await get('/api/usage', bob.headers)).json<TenantUsageJson>();
    assert.equal(theirs.tenant_id, bob.tenantId);
    assert.equal(theirs.file_count, 1);
    assert.deepEqual(theirs.cost_estimates, []);
    const fresh = await ctx.createTenant('Fresh');
    const none = (await get('/api/usage', fresh.headers)).json<TenantUsageJson>();
    assert.deepEqual([none.tenant_id, none.file_count, none.estimates], [fresh.tenantId, 0, 0]);
    assert.equal((await get('/api/usage', {})).statusCode, 401);
    assert.equal((await get('/api/admin/usage', alice.headers)).statusCode, 401);
  });

  await t.test('a shard another process is refreshing is skipped, the other refreshed', async () => {
    const held = ctx.deps.router.shard(shardOf(alice.tenantId));
    const refreshedAt = async (tenantId: string) =>
      (await adminUsage(false)).find((item) => item.tenant_id === tenantId)!.refreshed_at;
    await ctx.deps.analytics.close(); // the scheduled refresher stops, so only this request refreshes
    const before = { a: await refreshedAt(alice.tenantId), b: await refreshedAt(bob.tenantId) };
    await held.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('construction-ai:analytics-refresh'))`.execute(trx);
      await adminUsage(true);
    });
    assert.equal(await refreshedAt(alice.tenantId), before.a);
    assert.notEqual(await refreshedAt(bob.tenantId), before.b);
  });

  await t.test('refresh durations and view ages are metrics, per shard and view', async () => {
    const response = await get('/metrics', admin);
    assert.equal(response.statusCode, 200);
    for (const shard of ['shard_0', 'shard_1']) {
      for (const view of ['tenant_usage_summary', 'file_analytics', 'cost_estimate_summary']) {
        const labels = `shard="${shard}",view="${view}"`;
        assert.match(response.body, new RegExp(`analytics_view_age_seconds\\{${labels}\\} \\d`));
        assert.match(
          response.body,
          new RegExp(`analytics_view_refresh_duration_seconds_count\\{${labels}\\} [1-9]`),
        );
      }
    }
  });
});

void test('the scheduled refresher refreshes the views by itself', async (t) => {
  const ctx = await startTestApp({ ANALYTICS_REFRESH_SECONDS: '5' }, { runWorkers: true });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Scheduled');
  await ctx.upload(tenant.headers, 'plan.dxf', buildRoomDxf({ unit: 'm' }));
  const items = await eventually(async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/admin/usage', headers: admin });
    const found = response.json<{ items: TenantUsageJson[] }>().items;
    return found.some((item) => item.tenant_id === tenant.tenantId) ? found : undefined;
  }, 60_000);
  assert.equal(items.find((item) => item.tenant_id === tenant.tenantId)!.file_count, 1);
});
