import type { Kysely } from 'kysely';
import { SlowQueryRepository, type StatementStats } from './slow-query.repository.ts';

/** A statement of one database (`control`, `shard_0`, …), as the slow-query report shows it. */
export interface SlowQuery extends StatementStats {
  shard: string;
}

/** The report: the worst statements of every database, and the databases that cannot report. */
export interface SlowQueryReport {
  rows: SlowQuery[];
  unavailable: Array<{ shard: string; reason: string }>;
}

/** Statement texts are cut to this length: the report is for finding a query, not for copying it whole. */
const QUERY_CHARS = 500;

/** The seed's `QueryOptimizer.analyze_slow_queries`, over the control database and every shard. */
export class SlowQueryService {
  readonly #repositories = new Map<Kysely<unknown>, SlowQueryRepository>();

  /** `databases` is read on every report, so a shard added while running is included. */
  constructor(private readonly databases: () => Array<[name: string, db: Kysely<unknown>]>) {}

  #named(): Array<[name: string, repository: SlowQueryRepository]> {
    return this.databases().map(([name, db]) => {
      let repository = this.#repositories.get(db);
      if (!repository) this.#repositories.set(db, (repository = new SlowQueryRepository(db)));
      return [name, repository];
    });
  }

  /** Statements with a mean of at least `minMeanMs`, worst mean first, at most `limit` over all databases. */
  async report(minMeanMs: number, limit: number): Promise<SlowQueryReport> {
    const unavailable: SlowQueryReport['unavailable'] = [];
    const perDatabase = await Promise.all(
      this.#named().map(async ([shard, repository]) => {
        const availability = await repository.availability();
        if (!availability.available) {
          unavailable.push({ shard, reason: availability.reason });
          return [];
        }
        const rows = await repository.list(minMeanMs, limit);
        return rows.map((row) => ({ shard, ...row, query: row.query.slice(0, QUERY_CHARS) }));
      }),
    );
    const rows = perDatabase
      .flat()
      .sort((a, b) => b.mean_ms - a.mean_ms)
      .slice(0, limit);
    return { rows, unavailable: unavailable.sort((a, b) => a.shard.localeCompare(b.shard)) };
  }

  /** Resets the statistics of every database that has them; answers which databases were reset. */
  async reset(): Promise<{ reset: string[]; unavailable: SlowQueryReport['unavailable'] }> {
    const reset: string[] = [];
    const unavailable: SlowQueryReport['unavailable'] = [];
    for (const [shard, repository] of this.#named()) {
      const availability = await repository.availability();
      if (!availability.available) unavailable.push({ shard, reason: availability.reason });
      else {
        await repository.reset();
        reset.push(shard);
      }
    }
    return { reset, unavailable };
  }
}

/** The report as a fixed-width text table (the CLI prints it). */
export function slowQueryTable(report: SlowQueryReport): string {
  const header = ['shard', 'calls', 'mean_ms', 'total_ms', 'rows', 'query'];
  const lines = report.rows.map((row) => [
    row.shard,
    String(row.calls),
    row.mean_ms.toFixed(2),
    row.total_ms.toFixed(2),
    String(row.rows),
    row.query.replace(/\s+/g, ' ').slice(0, 100),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
      )
      .join('  ');
  const notes = report.unavailable.map((db) => `${db.shard}: no statement statistics (${db.reason})`);
  return [format(header), ...lines.map(format), ...notes].join('\n');
}
