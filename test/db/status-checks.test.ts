import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { sql } from 'kysely';

import {
  migrate,
  openDatabase,
  shardMigrations,
  type Database,
  type ShardTables,
} from '../../src/db/index.ts';
import { ANALYSIS_STATUSES, FILE_STATUSES } from '../../src/files/index.ts';
import { createTestDatabases } from '../support/databases.ts';

// Applied migrations are history and never rewritten, so the CHECK lists stay literal SQL; this test keeps
// them equal to the one source (a new state needs a new migration, or this fails).

let databases: Awaited<ReturnType<typeof createTestDatabases>>;
let shard: Database<ShardTables>;

before(async () => {
  databases = await createTestDatabases(1);
  shard = openDatabase<ShardTables>(databases.urls[0]!);
  await migrate(shard.db, shardMigrations);
});

after(async () => {
  await shard.db.destroy();
  await databases.drop();
});

/** The values a migrated table's CHECK constraint allows for its `status` column. */
async function allowedStatuses(table: string): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
    WHERE conrelid = ${table}::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%'`.execute(
    shard.db,
  );
  assert.equal(rows.length, 1, `${table} has one status CHECK`);
  return [...rows[0]!.def.matchAll(/'([a-z_]+)'::text/g)].map((match) => match[1]!);
}

test('the files.status CHECK allows exactly FILE_STATUSES', async () => {
  assert.deepEqual(await allowedStatuses('files'), [...FILE_STATUSES]);
});

test('the file_analyses.status CHECK allows exactly ANALYSIS_STATUSES', async () => {
  assert.deepEqual(await allowedStatuses('file_analyses'), [...ANALYSIS_STATUSES]);
});
