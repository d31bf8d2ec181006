import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { ensureMonthPartition } from '../../src/db/index.ts';
import { startTestApp } from '../support/test-app.ts';

const RETENTION_MONTHS = 3;

void test('retention: months of runs and notifications past it are archived and dropped, files never', async (t) => {
  const archiveDir = mkdtempSync(join(tmpdir(), 'cai-archive-'));
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    RETENTION_MONTHS: String(RETENTION_MONTHS),
    RETENTION_ARCHIVE_DIR: archiveDir,
  });
  t.after(async () => {
    await ctx.close();
    rmSync(archiveDir, { recursive: true, force: true });
  });
  const tenant = await ctx.createTenant('Retained');
  const shardId = ctx.deps.router.shardIdFor(tenant.tenantId);
  const shard = ctx.deps.router.shard(shardId).db;
  const now = new Date();
  const monthsAgo = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15));
  const old = monthsAgo(RETENTION_MONTHS + 1); // ended more than RETENTION_MONTHS months ago: goes
  const kept = monthsAgo(RETENTION_MONTHS); // inside the retention period: stays
  const interrupted = monthsAgo(RETENTION_MONTHS + 2); // detached by a run that stopped before dropping it
  const label = (date: Date) =>
    `y${date.getUTCFullYear()}m${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

  // Rows as the engine writes them, dated in the past (their months made as the nightly job makes them).
  for (const date of [old, kept, interrupted]) {
    for (const table of ['automation_runs', 'notifications'])
      await sql`SELECT retention_ensure_month(${table}, ${date.toISOString().slice(0, 10)}::date)`.execute(
        shard,
      );
    await ensureMonthPartition(shard, date);
  }
  const ruleId = uuidv7();
  const runAt = async (date: Date, eventId: string) => {
    const id = uuidv7();
    await shard
      .insertInto('automation_runs')
      .values({
        ...{ tenant_id: tenant.tenantId, id, rule_id: ruleId, event_id: eventId, event_type: 'custom:x' },
        ...{
          event: '{}',
          matched: true,
          trace: '[]',
          status: 'succeeded',
          causation: '{}',
          created_at: date,
        },
      })
      .execute();
    await shard
      .insertInto('automation_run_keys')
      .values({
        tenant_id: tenant.tenantId,
        rule_id: ruleId,
        event_id: eventId,
        run_id: id,
        created_at: date,
      })
      .execute();
    await shard
      .insertInto('automation_actions')
      .values({
        ...{
          tenant_id: tenant.tenantId,
          run_id: id,
          action_index: 0,
          rule_id: ruleId,
          type: 'send_notification',
        },
        ...{ action: '{}', idempotency_key: `k-${id}`, status: 'succeeded' },
      })
      .execute();
    const notificationId = uuidv7();
    await shard
      .insertInto('notifications')
      .values({
        ...{ tenant_id: tenant.tenantId, id: notificationId, source_key: `n-${eventId}`, title: 'T' },
        ...{ message: 'M', run_id: id, created_at: date },
      })
      .execute();
    await shard
      .insertInto('notification_keys')
      .values({
        ...{ tenant_id: tenant.tenantId, source_key: `n-${eventId}`, notification_id: notificationId },
        created_at: date,
      })
      .execute();
    return id;
  };
  const oldRun = await runAt(old, 'old-event');
  const keptRun = await runAt(kept, 'kept-event');
  const interruptedRun = await runAt(interrupted, 'interrupted-event');
  await sql`ALTER TABLE automation_runs DETACH PARTITION ${sql.table(`automation_runs_${label(interrupted)}`)}`.execute(
    shard,
  );
  const fileId = uuidv7();
  await shard
    .insertInto('files')
    .values({
      ...{ tenant_id: tenant.tenantId, created_at: old, id: fileId, filename: 'old.dxf', format: 'dxf' },
      ...{ size_bytes: 3, sha256: 'x', blob_key: 'k' },
    })
    .execute();

  const retired = await ctx.deps.analytics.retention.retire(now);

  await t.test('the expired months were archived and dropped; the kept ones are untouched', () => {
    const shardName = `shard_${shardId}`;
    const mine = retired.filter((month) => month.shard === shardName).map((month) => month.partition);
    assert.deepEqual(
      mine.sort(),
      [
        `automation_runs_${label(interrupted)}`,
        `automation_runs_${label(old)}`,
        `notifications_${label(interrupted)}`,
        `notifications_${label(old)}`,
      ].sort(),
    );
    const leftDetached = retired.find(
      (month) => month.partition === `automation_runs_${label(interrupted)}`,
    )!;
    assert.ok(readFileSync(leftDetached.archive!, 'utf8').includes(interruptedRun));
    const runs = retired.find((month) => month.partition === `automation_runs_${label(old)}`)!;
    assert.equal(runs.rows, 1);
    const archived = readFileSync(runs.archive!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    assert.deepEqual(
      archived.map((row) => row.id),
      [oldRun],
    );
  });

  await t.test('rows of kept months, and files of any month, are still there', async () => {
    const runs = await shard
      .selectFrom('automation_runs')
      .select('id')
      .where('tenant_id', '=', tenant.tenantId)
      .execute();
    assert.deepEqual(
      runs.map((r) => r.id),
      [keptRun],
    );
    const notifications = await shard
      .selectFrom('notifications')
      .select('run_id')
      .where('tenant_id', '=', tenant.tenantId)
      .execute();
    assert.deepEqual(
      notifications.map((n) => n.run_id),
      [keptRun],
    );
    const files = await shard
      .selectFrom('files')
      .select('id')
      .where('tenant_id', '=', tenant.tenantId)
      .execute();
    assert.deepEqual(
      files.map((f) => f.id),
      [fileId],
    );
  });

  await t.test('what only the dropped rows needed went with them (actions, idempotency keys)', async () => {
    const actions = await shard
      .selectFrom('automation_actions')
      .select('run_id')
      .where('tenant_id', '=', tenant.tenantId)
      .execute();
    assert.deepEqual(
      actions.map((a) => a.run_id),
      [keptRun],
    );
    const keys = await shard
      .selectFrom('automation_run_keys')
      .select('event_id')
      .where('tenant_id', '=', tenant.tenantId)
      .execute();
    assert.deepEqual(
      keys.map((k) => k.event_id),
      ['kept-event'],
    );
    const sources = await shard
      .selectFrom('notification_keys')
      .select('source_key')
      .where('tenant_id', '=', tenant.tenantId)
      .execute();
    assert.deepEqual(
      sources.map((k) => k.source_key),
      ['n-kept-event'],
    );
  });

  await t.test('a second run finds nothing more to do, and the months ahead exist', async () => {
    assert.deepEqual(await ctx.deps.analytics.retention.retire(now), []);
    const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
    const found = await sql<{
      name: string | null;
    }>`SELECT to_regclass(${`notifications_${label(ahead)}`})::text AS name`.execute(shard);
    assert.equal(found.rows[0]!.name, `notifications_${label(ahead)}`);
  });
});
