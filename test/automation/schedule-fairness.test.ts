import { test } from 'node:test';
import assert from 'node:assert/strict';

import { startTestApp } from '../support/test-app.ts';

const PER_TENANT = 10;
const NOISY_RULES = 150; // more than one tick claims in all, so only a per-tenant bound lets the quiet rule in

const everyMinute = (name: string) => ({
  name,
  trigger_type: 'scheduled',
  trigger_settings: { cron: '* * * * *', timezone: 'UTC' },
  actions: [{ type: 'send_notification', message: name }],
});

test('a schedule tick takes at most N due rules per tenant: a quiet tenant’s rule fires in the first tick, the noisy one’s all fire once', async (t) => {
  const ctx = await startTestApp({
    AUTOMATION_SCHEDULE_PER_TENANT_PER_TICK: String(PER_TENANT),
    AUTOMATION_TENANT_RATE_PER_MINUTE: '100000',
    WORKER_ENABLED: 'false', // no cron tick of its own: this test's ticks are the only ones
  });
  t.after(() => ctx.close());
  const { router } = ctx.deps;
  const { rules } = ctx.deps.automation;
  const noisy = await ctx.createTenant('Many schedules');
  let quiet = await ctx.createTenant('One schedule');
  while (router.shardIdFor(quiet.tenantId) !== router.shardIdFor(noisy.tenantId))
    quiet = await ctx.createTenant('One schedule'); // both on one shard, where they compete for a tick
  const shard = router.forTenant(noisy.tenantId);

  const noisyIds: string[] = [];
  for (let i = 0; i < NOISY_RULES; i++)
    noisyIds.push((await rules.create(noisy.tenantId, everyMinute(`noisy ${i}`))).rule.id);
  const quietId = (await rules.create(quiet.tenantId, everyMinute('quiet'))).rule.id;
  // The noisy tenant's rules have been due longer, so an oldest-first claim would take only theirs.
  await shard
    .updateTable('automation_rules')
    .set({ next_run_at: new Date(Date.now() - 60_000) })
    .where('tenant_id', '=', noisy.tenantId)
    .execute();

  const runsOf = async (tenantId: string) =>
    shard
      .selectFrom('automation_runs')
      .select(['rule_id', 'event_id'])
      .where('tenant_id', '=', tenantId)
      .execute();
  const now = new Date(Date.now() + 3600_000);

  await ctx.deps.automation.tickSchedules(now);
  assert.deepEqual(
    (await runsOf(quiet.tenantId)).map((r) => r.rule_id),
    [quietId],
    'the quiet rule fires in the first tick',
  );
  assert.equal((await runsOf(noisy.tenantId)).length, PER_TENANT, 'one tick takes N of a tenant');

  // Later ticks of the same minute (two at once, as two schedulers would) take the rest, each rule once.
  for (let ticks = 0; ticks < NOISY_RULES; ticks++) {
    const fired = await Promise.all([
      ctx.deps.automation.tickSchedules(now),
      ctx.deps.automation.tickSchedules(now),
    ]);
    if (fired[0] + fired[1] === 0) break;
  }
  const noisyRuns = await runsOf(noisy.tenantId);
  assert.equal(noisyRuns.length, NOISY_RULES, 'every noisy rule fired');
  assert.deepEqual(new Set(noisyRuns.map((r) => r.rule_id)), new Set(noisyIds));
  const slot = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  assert.ok(
    noisyRuns.every((r) => r.event_id === `scheduled:${r.rule_id}:${slot}`),
    'once, for the latest slot',
  );
  assert.equal((await runsOf(quiet.tenantId)).length, 1, 'the quiet rule did not fire twice');
});
