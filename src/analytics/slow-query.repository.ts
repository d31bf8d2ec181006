import { sql, type Kysely } from 'kysely';

/** One statement as `pg_stat_statements` counts it in one database. */
export interface StatementStats {
  query: string;
  calls: number;
  mean_ms: number;
  total_ms: number;
  rows: number;
}

/** Whether a database can report its statements, and why not when it cannot. */
export type StatementsAvailability = { available: true } | { available: false; reason: string };

const EXTENSION = 'pg_stat_statements';

/**
 * `pg_stat_statements` of one database. The extension only collects when the server preloads it
 * (`shared_preload_libraries`); without that, or without the right to create the extension, the database
 * reports itself unavailable instead of failing. The view is server-wide: rows are kept to this database.
 */
export class SlowQueryRepository {
  #ready: Promise<StatementsAvailability> | undefined;

  constructor(private readonly db: Kysely<unknown>) {}

  /** Checks the preload once and creates the extension in this database when it is missing. */
  availability(): Promise<StatementsAvailability> {
    this.#ready ??= this.#prepare().then((result) => {
      if (!result.available) this.#ready = undefined; // an operator may enable it later: ask again next time
      return result;
    });
    return this.#ready;
  }

  /** Statements of this database with a mean time of at least `minMeanMs`, worst mean first. */
  async list(minMeanMs: number, limit: number): Promise<StatementStats[]> {
    const result = await sql<StatementStats>`
      SELECT s.query, s.calls::float8 AS calls, s.mean_exec_time AS mean_ms, s.total_exec_time AS total_ms,
             s.rows::float8 AS rows
      FROM pg_stat_statements s
      WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND s.mean_exec_time >= ${minMeanMs}
      ORDER BY s.mean_exec_time DESC
      LIMIT ${limit}`.execute(this.db);
    return result.rows;
  }

  /** Forgets this database's statistics (every user's statements in it). */
  async reset(): Promise<void> {
    await sql`SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)`.execute(
      this.db,
    );
  }

  async #prepare(): Promise<StatementsAvailability> {
    const preload = await sql<{ libraries: string }>`
      SELECT current_setting('shared_preload_libraries') AS libraries`.execute(this.db);
    const libraries = (preload.rows[0]?.libraries ?? '').split(',').map((name) => name.trim());
    if (!libraries.includes(EXTENSION))
      return {
        available: false,
        reason: `${EXTENSION} is not in shared_preload_libraries on this server`,
      };
    try {
      await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(this.db);
    } catch (error) {
      return { available: false, reason: `cannot create ${EXTENSION}: ${(error as Error).message}` };
    }
    return { available: true };
  }
}
