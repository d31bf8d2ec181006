import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { MonthPartition, RetentionRepository } from './retention.repository.ts';

/** How long runs and notifications are kept, and where expired months are archived before they are dropped. */
export interface RetentionSettings {
  /** Whole months kept besides the current one: a month goes once it ended more than this many months ago. */
  months: number;
  /** A folder for one JSON-lines file per dropped month; none: months are dropped without an archive. */
  archiveDir: string | undefined;
}

/** What one run of retention did to one month. */
export interface RetiredMonth {
  shard: string;
  partition: string;
  rows: number;
  archive: string | null;
}

/** Months premade ahead of the current one for every retained table (as for `files`). */
const MONTHS_AHEAD = 3;

/**
 * Retention of automation runs and notifications, by month: each expired month is detached, archived to a
 * file when configured, then dropped with the rows that only it needed. `files` is never touched. Safe to
 * interrupt: a month left detached is found again and finished on the next run.
 */
export class RetentionService {
  constructor(
    private readonly shards: () => ReadonlyArray<[name: string, repository: RetentionRepository]>,
    private readonly settings: RetentionSettings,
  ) {}

  /** Makes this month's and the next months' partitions on every shard (at start, and nightly). */
  async premake(now: Date): Promise<void> {
    for (const [, repository] of this.shards()) await repository.ensureMonths(now, MONTHS_AHEAD);
  }

  /** Retires every month that ended before the retention period, on every shard; answers what it did. */
  async retire(now: Date): Promise<RetiredMonth[]> {
    const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - this.settings.months, 1));
    const retired: RetiredMonth[] = [];
    for (const [shard, repository] of this.shards()) {
      const expired = (await repository.listPartitions()).filter((p) => p.month.getTime() < cutoff.getTime());
      for (const partition of expired) {
        if (partition.attached) await repository.detach(partition);
        const archive = await this.#archive(shard, repository, partition);
        const rows = await repository.drop(partition);
        retired.push({ shard, partition: partition.name, rows, archive });
      }
    }
    return retired;
  }

  /** Writes the partition's rows to `<archiveDir>/<shard>/<partition>.jsonl` (complete, or not at all). */
  async #archive(
    shard: string,
    repository: RetentionRepository,
    partition: MonthPartition,
  ): Promise<string | null> {
    if (this.settings.archiveDir === undefined) return null;
    const dir = join(this.settings.archiveDir, shard);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${partition.name}.jsonl`);
    const partial = `${path}.partial`;
    const out = createWriteStream(partial, { mode: 0o600 });
    for await (const lines of repository.rowsOf(partition)) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    await rename(partial, path);
    return path;
  }
}
