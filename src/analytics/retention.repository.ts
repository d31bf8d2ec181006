import { sql, type Kysely } from 'kysely';
import { RETAINED_TABLES } from '../db/index.ts';

/** A table kept by month (`files` is never one). */
export type RetainedTable = (typeof RETAINED_TABLES)[number];

/** A month partition of a retained table: attached, or detached by an earlier run that did not finish. */
export interface MonthPartition {
  table: RetainedTable;
  name: string;
  /** First day of the month (UTC). */
  month: Date;
  attached: boolean;
}

const PARTITION_NAME = /_y(\d{4})m(\d{2})$/;
/** Rows read per round trip while archiving a partition. */
const ARCHIVE_BATCH = 1000;

/** The only SQL of retention on one shard: month partitions made ahead, detached, archived and dropped. */
export class RetentionRepository {
  constructor(private readonly db: Kysely<unknown>) {}

  /** Makes the partitions of this month and the `ahead` next ones of every retained table. */
  async ensureMonths(now: Date, ahead: number): Promise<void> {
    for (const table of RETAINED_TABLES) {
      for (let offset = 0; offset <= ahead; offset++) {
        const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
        await sql`SELECT retention_ensure_month(${table}, ${month.toISOString().slice(0, 10)}::date)`.execute(
          this.db,
        );
      }
    }
  }

  /** Every month partition of the retained tables, attached or left detached, oldest first. */
  async listPartitions(): Promise<MonthPartition[]> {
    const result = await sql<{ name: string; parent: string | null }>`
      SELECT c.relname AS name, p.relname AS parent
      FROM pg_class c
      LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
      LEFT JOIN pg_class p ON p.oid = i.inhparent
      WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
        AND c.relname ~ ${`^(${RETAINED_TABLES.join('|')})_y[0-9]{4}m[0-9]{2}$`}`.execute(this.db);
    return result.rows
      .map((row) => {
        const [, year, month] = PARTITION_NAME.exec(row.name)!;
        const table = RETAINED_TABLES.find((t) => row.name.startsWith(`${t}_y`))!;
        return {
          table,
          name: row.name,
          month: new Date(Date.UTC(Number(year), Number(month) - 1, 1)),
          attached: row.parent !== null,
        };
      })
      .sort((a, b) => a.month.getTime() - b.month.getTime() || a.name.localeCompare(b.name));
  }

  /**
   * Detaches a partition without blocking reads and writes of the table (CONCURRENTLY, outside any
   * transaction); one left "detach pending" by an interrupted run is finalized instead.
   */
  async detach(partition: MonthPartition): Promise<void> {
    const detach = (how: 'CONCURRENTLY' | 'FINALIZE') =>
      sql`ALTER TABLE ${sql.table(partition.table)} DETACH PARTITION ${sql.table(partition.name)} ${sql.raw(how)}`.execute(
        this.db,
      );
    try {
      await detach('CONCURRENTLY');
    } catch (error) {
      if (!/pending detach|being detached/i.test((error as Error).message)) throw error;
      await detach('FINALIZE');
    }
  }

  /** The rows of a detached partition as JSON lines, `ARCHIVE_BATCH` at a time in primary-key order. */
  async *rowsOf(partition: MonthPartition): AsyncGenerator<string[]> {
    let after: { tenant_id: string; created_at: string; id: string } | undefined;
    for (;;) {
      const result = await sql<{ line: string; tenant_id: string; created_at: string; id: string }>`
        SELECT row_to_json(t)::text AS line, t.tenant_id, t.created_at::text AS created_at, t.id
        FROM ${sql.table(partition.name)} t
        ${after ? sql`WHERE (t.tenant_id, t.created_at, t.id) > (${after.tenant_id}, ${after.created_at}::timestamptz, ${after.id})` : sql``}
        ORDER BY t.tenant_id, t.created_at, t.id
        LIMIT ${ARCHIVE_BATCH}`.execute(this.db);
      if (result.rows.length === 0) return;
      yield result.rows.map((row) => row.line);
      after = result.rows.at(-1);
    }
  }

  /**
   * Drops a detached partition with what only its rows needed, in one transaction: a run's actions and
   * attempts and its idempotency key; a notification's key. Answers the rows dropped.
   */
  async drop(partition: MonthPartition): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const p = sql.table(partition.name);
      if (partition.table === 'automation_runs') {
        await sql`DELETE FROM automation_action_attempts a USING ${p} r
          WHERE a.tenant_id = r.tenant_id AND a.run_id = r.id`.execute(trx);
        await sql`DELETE FROM automation_actions a USING ${p} r
          WHERE a.tenant_id = r.tenant_id AND a.run_id = r.id`.execute(trx);
        await sql`DELETE FROM automation_run_keys k USING ${p} r
          WHERE k.tenant_id = r.tenant_id AND k.rule_id = r.rule_id AND k.event_id = r.event_id AND k.run_id = r.id`.execute(
          trx,
        );
      } else {
        await sql`DELETE FROM notification_keys k USING ${p} n
          WHERE k.tenant_id = n.tenant_id AND k.source_key = n.source_key AND k.notification_id = n.id`.execute(
          trx,
        );
      }
      const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${p}`.execute(trx);
      await sql`DROP TABLE ${p}`.execute(trx);
      return count.rows[0]?.n ?? 0;
    });
  }
}
