import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { migrate, openDatabase, shardMigrations, type ShardTables } from '../../src/db/index.ts';
import { createTestDatabases } from '../support/databases.ts';

const MIGRATION = '602_monthly_runs_and_notifications';

void test('the monthly-partitions migration keeps every run and notification, and their keys stay unique', async (t) => {
  const databases = await createTestDatabases(1);
  const shard = openDatabase<ShardTables>(databases.urls[0]!);
  t.after(async () => {
    await shard.db.destroy();
    await databases.drop();
  });
  const at = shardMigrations.findIndex((m) => m.id === MIGRATION);
  const before = shardMigrations.slice(0, at);
  await migrate(shard.db, before);
  const tenantId = uuidv7();
  const ruleId = uuidv7();
  const rows = [new Date('2025-01-20T10:00:00Z'), new Date('2026-06-30T23:59:59Z')].map((created_at, i) => ({
    runId: uuidv7(),
    notificationId: uuidv7(),
    created_at,
    eventId: `event-${i}`,
  }));
  for (const row of rows) {
    await sql`INSERT INTO automation_runs (tenant_id, id, rule_id, event_id, event_type, event, matched, status,
      causation, created_at) VALUES (${tenantId}, ${row.runId}, ${ruleId}, ${row.eventId}, 'custom:x', '{}', true,
      'succeeded', '{}', ${row.created_at})`.execute(shard.db);
    await sql`INSERT INTO notifications (tenant_id, id, source_key, title, message, created_at)
      VALUES (${tenantId}, ${row.notificationId}, ${`n-${row.eventId}`}, 'T', 'M', ${row.created_at})`.execute(
      shard.db,
    );
  }

  assert.deepEqual(await migrate(shard.db, shardMigrations.slice(0, at + 1)), [MIGRATION]);
  await migrate(shard.db, shardMigrations); // the later ones (other modules) apply over it

  await t.test('every row is in the partition of its month', async () => {
    const placed = await sql<{ part: string; id: string }>`
      SELECT tableoid::regclass::text AS part, id FROM automation_runs
      UNION ALL SELECT tableoid::regclass::text, id FROM notifications ORDER BY part`.execute(shard.db);
    assert.deepEqual(
      placed.rows.map((row) => row.part),
      [
        'automation_runs_y2025m01',
        'automation_runs_y2026m06',
        'notifications_y2025m01',
        'notifications_y2026m06',
      ],
    );
  });

  await t.test('the idempotency keys came along: a repeated event or source key is refused', async () => {
    const runKey = await shard.db
      .insertInto('automation_run_keys')
      .values({ tenant_id: tenantId, rule_id: ruleId, event_id: 'event-0', run_id: uuidv7() })
      .onConflict((oc) => oc.columns(['tenant_id', 'rule_id', 'event_id']).doNothing())
      .returning('run_id')
      .executeTakeFirst();
    assert.equal(runKey, undefined);
    const notificationKey = await shard.db
      .insertInto('notification_keys')
      .values({ tenant_id: tenantId, source_key: 'n-event-1', notification_id: uuidv7() })
      .onConflict((oc) => oc.columns(['tenant_id', 'source_key']).doNothing())
      .returning('notification_id')
      .executeTakeFirst();
    assert.equal(notificationKey, undefined);
    const keys = await shard.db
      .selectFrom('automation_run_keys')
      .select('run_id')
      .orderBy('created_at')
      .execute();
    assert.deepEqual(
      keys.map((key) => key.run_id),
      rows.map((row) => row.runId),
    );
  });

  await t.test('an insert of this month finds its partition premade', async () => {
    await shard.db
      .insertInto('notifications')
      .values({ tenant_id: tenantId, id: uuidv7(), source_key: 'now', title: 'T', message: 'M' })
      .execute();
  });
});
