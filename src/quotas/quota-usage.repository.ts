import { sql, type Kysely } from 'kysely';
import type { ShardRouter, ShardTables } from '../db/index.ts';
import type { QuotaName } from './quota.limits.ts';

/** The period of a quota that is not per day. */
export const TOTAL = 'total';

/** Per-tenant usage counters on the tenant's shard (`quota_usage`). */
export class QuotaUsageRepository {
  constructor(private readonly router: ShardRouter) {}

  /**
   * Adds `amount` to the counter when the sum stays within `limit`; false (nothing added) when it would not.
   * One upsert: it locks the counter row, so of two concurrent callers for the last slot only one gets it.
   * `db` is the caller's transaction when the counted row is written in it (else the tenant's shard).
   */
  async add(
    db: Kysely<ShardTables> | undefined,
    tenantId: string,
    quota: QuotaName,
    period: string,
    amount: number,
    limit: number,
  ): Promise<boolean> {
    const result = await sql<{ used: number }>`
      INSERT INTO quota_usage AS u (tenant_id, quota, period, used)
      SELECT ${tenantId}::uuid, ${quota}, ${period}, ${amount}::bigint WHERE ${amount}::bigint <= ${limit}::bigint
      ON CONFLICT (tenant_id, quota, period)
      DO UPDATE SET used = u.used + EXCLUDED.used WHERE u.used + EXCLUDED.used <= ${limit}::bigint
      RETURNING used`.execute(db ?? this.router.forTenant(tenantId));
    return result.rows.length > 0;
  }

  /**
   * Adds every increment whose counter stays within its limit, in one upsert statement; returns the quotas
   * added. The caller's transaction is rolled back when one is missing, so an upload counts all or nothing.
   * Rows are locked in the order given: callers sort them, so concurrent transactions never deadlock.
   */
  async addAll(
    db: Kysely<ShardTables>,
    tenantId: string,
    increments: ReadonlyArray<{ quota: QuotaName; period: string; amount: number; limit: number }>,
  ): Promise<Set<QuotaName>> {
    const values = sql.join(
      increments.map(
        (i) => sql`(${i.quota}::text, ${i.period}::text, ${i.amount}::bigint, ${i.limit}::bigint)`,
      ),
    );
    const result = await sql<{ quota: QuotaName }>`
      WITH v (quota, period, amount, lim) AS (VALUES ${values})
      INSERT INTO quota_usage AS u (tenant_id, quota, period, used)
      SELECT ${tenantId}::uuid, quota, period, amount FROM v WHERE amount <= lim
      ON CONFLICT (tenant_id, quota, period)
      DO UPDATE SET used = u.used + EXCLUDED.used
      WHERE u.used + EXCLUDED.used <= (SELECT lim FROM v WHERE v.quota = u.quota AND v.period = u.period)
      RETURNING quota`.execute(db);
    return new Set(result.rows.map((row) => row.quota));
  }

  /**
   * The tenant's counters of `periods` and its analyses not yet finished (pending or running, counted up to
   * `backlogCap`), in one query: what an upload is checked against before its bytes are read.
   */
  async listWithBacklog(
    tenantId: string,
    periods: string[],
    backlogCap: number,
  ): Promise<{ counters: Map<string, number>; backlog: number }> {
    const result = await sql<{ quota: string; period: string; used: number }>`
      SELECT quota, period, used FROM quota_usage WHERE tenant_id = ${tenantId}::uuid AND period IN (${sql.join(periods)})
      UNION ALL
      SELECT 'analysis_backlog', '', count(*) FROM (
        SELECT 1 FROM file_analyses
        WHERE tenant_id = ${tenantId}::uuid AND status IN ('pending', 'processing')
        LIMIT ${backlogCap}::bigint
      ) AS unfinished`.execute(this.router.forTenant(tenantId));
    const counters = new Map<string, number>();
    let backlog = 0;
    for (const row of result.rows) {
      if (row.quota === 'analysis_backlog') backlog = Number(row.used);
      else counters.set(`${row.quota}/${row.period}`, Number(row.used));
    }
    return { counters, backlog };
  }

  /** Takes `amount` off the counter (never below 0), in the transaction that removes the counted row. */
  async subtract(
    db: Kysely<ShardTables>,
    tenantId: string,
    quota: QuotaName,
    period: string,
    amount: number,
  ): Promise<void> {
    await db
      .updateTable('quota_usage')
      .set({ used: sql<number>`greatest(used - ${amount}::bigint, 0)` })
      .where('tenant_id', '=', tenantId)
      .where('quota', '=', quota)
      .where('period', '=', period)
      .execute();
  }

  /** The tenant's counters of the given periods, keyed `quota/period` (a missing counter is 0). */
  async list(tenantId: string, periods: string[]): Promise<Map<string, number>> {
    const rows = await this.router
      .forTenant(tenantId)
      .selectFrom('quota_usage')
      .select(['quota', 'period', 'used'])
      .where('tenant_id', '=', tenantId)
      .where('period', 'in', periods)
      .execute();
    return new Map(rows.map((row) => [`${row.quota}/${row.period}`, row.used]));
  }

  /** Deletes the daily counters of days before `day` on every shard (they no longer limit anything). */
  async deleteDaysBefore(day: string): Promise<void> {
    for (const [, shard] of this.router.all()) {
      await shard.db
        .deleteFrom('quota_usage')
        .where('period', '<>', TOTAL)
        .where('period', '<', day)
        .execute();
    }
  }
}
