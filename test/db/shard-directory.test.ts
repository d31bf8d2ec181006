import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import {
  notifyDirectoryChange,
  openDatabase,
  openPlatformDatabases,
  type ControlTables,
} from '../../src/db/index.ts';
import { createTestDatabases } from '../support/databases.ts';
import { statementsDuring } from '../support/statement-counter.ts';

/** Every bucket's shard, from the control database. */
async function bucketShards(control: Kysely<ControlTables>): Promise<Map<number, number>> {
  const { rows } = await sql<{
    bucket: number;
    shard_id: number;
  }>`SELECT bucket, shard_id FROM buckets`.execute(control);
  return new Map(rows.map((row) => [row.bucket, row.shard_id]));
}

/** Opens the platform (migrations, directory, listener) as every CLI command and server start does, and closes it. */
async function openAndClose(urls: string[]) {
  return statementsDuring(async () => {
    const databases = await openPlatformDatabases(
      { controlUrl: urls[0]!, shardUrls: urls.slice(1) },
      () => () => undefined,
    );
    const buckets = await bucketShards(databases.control.db);
    await databases.close();
    return buckets;
  });
}

const fillsBuckets = (statement: string) => /INSERT INTO buckets/i.test(statement);

void test('shard directory: the first start fills the 4096 buckets, later starts leave them and skip the insert', async (t) => {
  const databases = await createTestDatabases(3);
  t.after(() => databases.drop());

  const first = await openAndClose(databases.urls);
  assert.equal(first.statements.filter(fillsBuckets).length, 1, 'a fresh database gets its buckets');
  assert.equal(first.result.size, 4096);
  assert.deepEqual(new Set(first.result.values()), new Set([0, 1]), 'spread over both shards');

  // an assignment made since (a rebalance) must survive the next start
  const control = openDatabase<ControlTables>(databases.urls[0]!);
  t.after(() => control.db.destroy());
  const moved = [...first.result].find(([, shard]) => shard === 0)![0];
  await sql`UPDATE buckets SET shard_id = 1 WHERE bucket = ${moved}`.execute(control.db);

  const again = await openAndClose(databases.urls);
  assert.deepEqual(
    again.statements.filter(fillsBuckets),
    [],
    'a filled directory is not inserted into again',
  );
  assert.equal(again.result.get(moved), 1, 'the moved bucket stays where it was moved');
  assert.deepEqual(again.result, new Map([...first.result, [moved, 1]]));
});

void test('shard directory: closing right after a directory change waits for its reload instead of failing it', async (t) => {
  const databases = await createTestDatabases(3);
  t.after(() => databases.drop());
  const lines: string[] = [];
  for (let i = 0; i < 5; i++) {
    const platform = await openPlatformDatabases(
      { controlUrl: databases.urls[0]!, shardUrls: databases.urls.slice(1) },
      () => () => undefined,
      { log: (line) => lines.push(line) },
    );
    // what the last bucket move of `shard rebalance` does just before the command closes the platform
    await notifyDirectoryChange(platform.control.db);
    await platform.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // a reload left running would report by now
  assert.deepEqual(lines, []);
});
