import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { monthPartitionName } from '../../src/db/index.ts';
import { startTestApp } from '../support/test-app.ts';

/** A UUIDv7 whose timestamp is `date`. */
function uuidv7At(date: Date): string {
  const hex = date.getTime().toString(16).padStart(12, '0');
  const id = uuidv7().replace(/-/g, '');
  const full = hex + id.slice(12);
  return `${full.slice(0, 8)}-${full.slice(8, 12)}-${full.slice(12, 16)}-${full.slice(16, 20)}-${full.slice(20)}`;
}

test('files partitioning', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const shard = ctx.deps.router.shard(0).db;

  await t.test(
    'the current month and 3 ahead are premade, each with 4 hash leaves, and no DEFAULT partition',
    async () => {
      const { rows } = await sql<{ name: string; leaves: number; is_default: boolean }>`
      SELECT c.relname AS name,
             (SELECT count(*)::int FROM pg_inherits i2 WHERE i2.inhparent = c.oid) AS leaves,
             pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT' AS is_default
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'files'::regclass ORDER BY 1`.execute(shard);
      assert.ok(rows.length >= 4);
      assert.ok(rows.some((r) => r.name === monthPartitionName(new Date())));
      for (const row of rows) {
        assert.equal(row.leaves, 4, row.name);
        assert.equal(row.is_default, false);
      }
    },
  );

  await t.test('a tenant + month query touches exactly one leaf partition (EXPLAIN)', async () => {
    const tenantId = uuidv7();
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const { rows } = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT * FROM files WHERE tenant_id = ${sql.lit(tenantId)}::uuid
        AND created_at >= ${sql.lit(monthStart.toISOString())}::timestamptz
        AND created_at < ${sql.lit(nextMonth.toISOString())}::timestamptz`.execute(shard);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const leaves = [...plan.matchAll(/on (files_y\d{4}m\d{2}_p\d)/g)].map((m) => m[1]);
    assert.equal(new Set(leaves).size, 1, plan);
    const month = String(monthStart.getUTCMonth() + 1).padStart(2, '0');
    assert.match(leaves[0]!, new RegExp(`^files_y${monthStart.getUTCFullYear()}m${month}_p\\d$`));
  });

  await t.test('an insert that finds no partition creates the month and retries', async () => {
    const tenant = await ctx.createTenant();
    const future = new Date(Date.UTC(2031, 4, 17, 12));
    const id = uuidv7At(future);
    const router = ctx.deps.router;
    const repository = new (await import('../../src/files/index.ts')).FileRepository(router);
    await repository.createMany(
      [
        {
          id,
          tenantId: tenant.tenantId,
          createdAt: future,
          filename: 'f.dxf',
          format: 'dxf',
          sizeBytes: 1,
          sha256: 'x',
          blobKey: 'k',
        },
      ],
      async () => undefined,
    );
    const found = await repository.get(tenant.tenantId, id);
    assert.equal(found?.createdAt.toISOString(), future.toISOString());
    const db = router.forTenant(tenant.tenantId);
    const { rows } = await sql<{
      exists: boolean;
    }>`SELECT to_regclass('files_y2031m05') IS NOT NULL AS exists`.execute(db);
    assert.equal(rows[0]?.exists, true);
  });
});
