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
