import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from './database.ts';

/**
 * Runs `work` in a transaction whose statements are pipelined: every statement `work` starts goes to the server at
 * once, without waiting for the answers of the ones before it, so statements started together (`Promise.all`)
 * cost one round trip, and COMMIT one more. Kysely's own transactions wait for each statement before sending the
 * next (five statements, five round trips), which under load is what an upload waits for most.
 *
 * The statements run in the order they were started. An error in one aborts the transaction on the server (the
 * statements after it fail too); `work`'s error, or the first statement's error, is thrown and nothing is
 * committed. Only plain queries may run inside (no cursors or streams: they cannot be pipelined).
 */
export async function pipelinedTransaction<DB, T>(
  database: Database<DB>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const client = await database.pool.connect();
  // `pipeline` is the client's own switch (read on every send): on for this transaction, off again before the
  // client goes back to the pool, which then finds it as idle as after any other query.
  const switchable = client as pg.PoolClient & { pipeline: boolean };
  switchable.pipeline = true;
  let broken: unknown;
  try {
    const begin = client.query('BEGIN');
    begin.catch(() => undefined); // awaited below, after the statements behind it were sent
    const trx = new Kysely<DB>({ dialect: new PostgresDialect({ pool: sameClient(client) }) });
    let result: T;
    try {
      result = await work(trx);
      await begin;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    }
    const commit = await client.query('COMMIT');
    // PostgreSQL answers COMMIT with ROLLBACK when an earlier statement failed unnoticed.
    if (commit.command === 'ROLLBACK') throw new Error('transaction aborted by an earlier statement');
    return result;
  } catch (error) {
    broken ??= isConnectionError(error) ? error : undefined;
    throw error;
  } finally {
    switchable.pipeline = false;
    client.release(broken instanceof Error ? broken : undefined);
  }
}

/** A pool that hands out `client` for every query without serialising them (the pipeline orders them). */
function sameClient(client: pg.PoolClient): pg.Pool {
  const lease = { query: client.query.bind(client), release: () => undefined };
  return { connect: () => Promise.resolve(lease), end: () => Promise.resolve() } as unknown as pg.Pool;
}

/** A broken connection (as opposed to an SQL error the server answered): the client is not reused. */
function isConnectionError(error: unknown): boolean {
  return error instanceof Error && !('severity' in error);
}
