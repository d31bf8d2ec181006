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
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, idleTimeoutMillis: 30_000 });
  pool.on('error', () => undefined); // an idle client's error is reported on its next use
  const onQuery = options.onQuery;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: onQuery ? (event) => onQuery(event.queryDurationMillis) : undefined,
  });
  return { db, pool, url };
}
