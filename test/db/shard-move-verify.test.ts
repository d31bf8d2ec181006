import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { migrate, openDatabase, shardMigrations, listTenantTables } from '../../src/db/index.ts';
import { tenantTableChecksum } from '../../src/db/shard-move.copy.ts';
import { MoveVerifier } from '../../src/db/shard-move.verify.ts';
import { createTestDatabases } from '../support/databases.ts';

const PACE = { pageRows: 3, restFactor: 0, minRestMs: 0 };

test('a move compares by key range: a range differs until fixed, a touched range is compared again, the others are not', async (t) => {
  const databases = await createTestDatabases(2);
  t.after(() => databases.drop());
  const source = openDatabase<unknown>(databases.urls[0]!);
  const target = openDatabase<unknown>(databases.urls[1]!);
  t.after(() => Promise.all([source.db.destroy(), target.db.destroy()]));
  for (const side of [source, target]) await migrate(side.db, shardMigrations);
  const table = (await listTenantTables(source.db)).find((found) => found.name === 'layer_mappings')!;
  const tenantId = randomUUID();
  const fill = (db: Kysely<unknown>) =>
    sql`INSERT INTO layer_mappings (tenant_id, pattern, element_class, position, updated_at)
      SELECT ${tenantId}, 'P-' || lpad(i::text, 2, '0'), 'wall', i, '2026-01-01T00:00:00Z'
      FROM generate_series(1, 10) AS i`.execute(db);
  await fill(source.db);
  await fill(target.db);
  const keyOf = async (pattern: string) =>
    (
      await sql<{
        key: unknown;
      }>`SELECT json_build_object(${sql.raw(table.key.map((c) => `'${c}', "${c}"`).join(', '))}) AS key
        FROM layer_mappings WHERE tenant_id = ${tenantId} AND pattern = ${pattern}`.execute(source.db)
    ).rows[0]!.key;

  // equal: every range (4 of at most 3 rows) compares equal once, and the totals are the whole table's
  const verifier = new MoveVerifier(source.db, target.db, [table], tenantId);
  await verifier.compareAll(PACE);
  assert.equal(verifier.pending(), 0);
  assert.deepEqual(verifier.totals(), [
    { table: 'layer_mappings', ...(await tenantTableChecksum(source.db, table, tenantId)) },
  ]);

  // a change on the source reported through the log makes its range, and only it, pending again
  await sql`UPDATE layer_mappings SET element_class = 'slab' WHERE tenant_id = ${tenantId} AND pattern = 'P-05'`.execute(
    source.db,
  );
  await verifier.touched(new Map([['layer_mappings', [await keyOf('P-05')]]]));
  assert.equal(verifier.pending(), 1);
  const [mismatch, ...others] = await verifier.comparePending(PACE);
  assert.deepEqual(others, []);
  assert.equal(mismatch?.source.rows, mismatch?.target.rows, 'same rows, one differs');
  assert.notEqual(mismatch?.source.checksum, mismatch?.target.checksum);
  assert.ok(mismatch?.after && mismatch.upTo, 'a range in the middle, bounded on both sides');

  // applied to the target, the range compares equal; a row missing on the target is a difference in count
  await sql`UPDATE layer_mappings SET element_class = 'slab' WHERE tenant_id = ${tenantId} AND pattern = 'P-05'`.execute(
    target.db,
  );
  assert.deepEqual(await verifier.comparePending(PACE), []);
  assert.equal(verifier.pending(), 0);
  await sql`DELETE FROM layer_mappings WHERE tenant_id = ${tenantId} AND pattern = 'P-10'`.execute(target.db);
  await verifier.touched(new Map([['layer_mappings', [await keyOf('P-10')]]]));
  const [missing] = await verifier.comparePending(PACE);
  assert.equal(missing?.upTo, null, 'the last range');
  assert.equal(missing.source.rows - missing.target.rows, 1);
});
