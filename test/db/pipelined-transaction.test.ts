import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';

import { openDatabase } from '../../src/db/database.ts';
import { pipelinedTransaction } from '../../src/db/pipelined-transaction.ts';
import { createTestDatabases } from '../support/databases.ts';

interface Tables {
  items: { id: number; name: string };
}

test('a pipelined transaction commits all its statements or none, and its connection is reused as usual', async (t) => {
  const databases = await createTestDatabases(1);
  // one connection: every step below runs on the same client, before and after its pipelined transactions
  const database = openDatabase<Tables>(databases.urls[0]!, { max: 1 });
  t.after(async () => {
    await database.db.destroy();
    await databases.drop();
  });
  const { db } = database;
  await sql`CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)`.execute(db);
  const names = async () =>
    (await db.selectFrom('items').select('name').orderBy('id').execute()).map((r) => r.name);

  await t.test('statements started together all commit, in the order they were started', async () => {
    const returned = await pipelinedTransaction(database, (trx) =>
      Promise.all([
        trx.insertInto('items').values({ id: 1, name: 'a' }).execute(),
        trx.updateTable('items').set({ name: 'a2' }).where('id', '=', 1).execute(),
        trx.insertInto('items').values({ id: 2, name: 'b' }).returning('name').executeTakeFirstOrThrow(),
      ]).then(([, , row]) => row.name),
    );
    assert.equal(returned, 'b');
    assert.deepEqual(await names(), ['a2', 'b']);
  });

  await t.test(
    'a failing statement in the middle: its error is thrown and nothing is committed',
    async () => {
      await assert.rejects(
        pipelinedTransaction(database, (trx) =>
          Promise.all([
            trx.insertInto('items').values({ id: 3, name: 'c' }).execute(),
            trx.insertInto('items').values({ id: 1, name: 'duplicate' }).execute(),
            trx.insertInto('items').values({ id: 4, name: 'd' }).execute(),
          ]),
        ),
        (error: { code?: string }) => error.code === '23505',
      );
      assert.deepEqual(await names(), ['a2', 'b']);
    },
  );

  await t.test('an error of the work itself rolls back what it sent', async () => {
    await assert.rejects(
      pipelinedTransaction(database, async (trx) => {
        await trx.insertInto('items').values({ id: 5, name: 'e' }).execute();
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.deepEqual(await names(), ['a2', 'b']);
  });

  await t.test('the same connection then runs ordinary transactions one statement at a time', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 6, name: 'f' }).execute();
      const inside = await trx.selectFrom('items').select('name').where('id', '=', 6).executeTakeFirst();
      assert.equal(inside?.name, 'f');
    });
    const status = await sql<{
      state: string;
    }>`SELECT state FROM pg_stat_activity WHERE pid = pg_backend_pid()`.execute(db);
    assert.equal(status.rows[0]?.state, 'active');
    assert.deepEqual(await names(), ['a2', 'b', 'f']);
  });
});
