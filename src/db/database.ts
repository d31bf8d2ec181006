import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

// int8 (counts, sizes) as JS numbers: every bigint we store stays far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** A typed query builder over one pooled PostgreSQL database, plus its pool for stats. */
export interface Database<DB> {
  db: Kysely<DB>;
  pool: pg.Pool;
  url: string;
}

/** Opens a connection pool to `url` (lazily connecting) wrapped in Kysely. */
export function openDatabase<DB>(
  url: string,
  options: { max?: number; onQuery?: (ms: number) => void } = {},
): Database<DB> {
  // A connection that cannot be had within 5 s fails (503 to the caller) instead of waiting for the database forever.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5000,
  });
  pool.on('error', () => undefined); // an idle client's error is reported on its next use
  // A checked-out client has no pool listener: a server shutdown arriving between two queries of a transaction
  // would be an unhandled 'error' event and end the process. Its next query fails instead, and the pool drops it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const onQuery = options.onQuery;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: onQuery ? (event) => onQuery(event.queryDurationMillis) : undefined,
  });
  return { db, pool, url };
}
