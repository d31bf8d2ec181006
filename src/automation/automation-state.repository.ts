import { sql, type Kysely, type Transaction } from 'kysely';

import type { Database, ShardRouter, ShardTables } from '../db/index.ts';
import { toRule, type StoredRule } from './rule.repository.ts';

/** Idempotency keys, rate counters, threshold state, tenant metrics and the schedule claim. */
export class AutomationStateRepository {
  constructor(private readonly router: ShardRouter) {}

  /**
   * Remembers `key` for 24 h and, when it is new (or its previous use expired), lets `alsoInTransaction` queue the
   * event in the same transaction. Returns the event id the key stands for and whether this was a repeat.
   */
  async rememberEventKey(
    tenantId: string,
    key: string,
    eventId: string,
    alsoInTransaction: (trx: Transaction<ShardTables>, shardId: number) => Promise<void>,
  ): Promise<{ eventId: string; duplicate: boolean }> {
    const shardId = this.router.shardIdFor(tenantId);
    return this.router
      .shard(shardId)
      .db.transaction()
      .execute(async (trx) => {
        const result = await sql<{ event_id: string }>`
          INSERT INTO automation_event_keys AS k (tenant_id, key, event_id) VALUES (${tenantId}, ${key}, ${eventId})
          ON CONFLICT (tenant_id, key) DO UPDATE SET
            event_id = CASE WHEN k.created_at < now() - interval '24 hours' THEN excluded.event_id ELSE k.event_id END,
            created_at = CASE WHEN k.created_at < now() - interval '24 hours' THEN now() ELSE k.created_at END
          RETURNING event_id`.execute(trx);
        const stored = result.rows[0]!.event_id;
        if (stored !== eventId) return { eventId: stored, duplicate: true };
        await alsoInTransaction(trx, shardId);
        return { eventId, duplicate: false };
      });
  }

  /**
   * True when `type` is one of the tenant's remembered custom event types, or is remembered now because the
   * tenant has fewer than `max`; false when it is new and the tenant is at `max`.
   */
  async claimEventType(tenantId: string, type: string, max: number): Promise<boolean> {
    if (await knownEventType(this.db(tenantId), tenantId, type)) return true;
    return this.db(tenantId)
      .transaction()
      .execute(async (trx) => {
        // one claimer per tenant at a time, so concurrent new types cannot overshoot the limit
        const lock = `construction-ai:event-types:${tenantId}`;
        await sql`SELECT pg_advisory_xact_lock(hashtext(${lock}))`.execute(trx);
        const inserted = await sql`
          INSERT INTO automation_event_types (tenant_id, type)
          SELECT ${tenantId}, ${type}
          WHERE (SELECT count(*) FROM automation_event_types WHERE tenant_id = ${tenantId}) < ${max}
          ON CONFLICT DO NOTHING`.execute(trx);
        // nothing inserted: at the limit, or a concurrent request remembered this very type
        return Number(inserted.numAffectedRows ?? 0) > 0 || knownEventType(trx, tenantId, type);
      });
  }

  /**
   * Counts one firing for each scope and returns, in order, the firings of the last minute as a
   * sliding window: this minute's count plus the previous minute's, weighted by how much of it
   * the window still covers. A burst straddling a minute boundary is counted as one burst.
   */
  async countFiring(tenantId: string, scopes: readonly string[]): Promise<number[]> {
    const counts: number[] = [];
    for (const scope of scopes) {
      const result = await sql<{ count: number }>`
        WITH current AS (
          INSERT INTO automation_rate_counters AS c (tenant_id, scope, window_start, count)
          VALUES (${tenantId}, ${scope}, date_trunc('minute', now()), 1)
          ON CONFLICT (tenant_id, scope, window_start) DO UPDATE SET count = c.count + 1
          RETURNING count
        )
        SELECT (SELECT count FROM current) + floor(coalesce((
          SELECT p.count * (1 - extract(epoch FROM now() - date_trunc('minute', now())) / 60)
          FROM automation_rate_counters p
          WHERE p.tenant_id = ${tenantId} AND p.scope = ${scope}
            AND p.window_start = date_trunc('minute', now()) - interval '1 minute'
        ), 0))::int AS count`.execute(this.db(tenantId));
      counts.push(result.rows[0]!.count);
    }
    return counts;
  }

  /** Reads and replaces a threshold rule's last observed value (under a row lock, so concurrent events serialise). */
  async observe(
    tenantId: string,
    ruleId: string,
    value: number,
    decide: (previous: number | null, lastFiredAt: Date | null) => boolean,
  ): Promise<{ previous: number | null; fired: boolean }> {
    return this.db(tenantId)
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('automation_threshold_state')
          .values({ tenant_id: tenantId, rule_id: ruleId, last_value: null, last_fired_at: null })
          .onConflict((oc) => oc.columns(['tenant_id', 'rule_id']).doNothing())
          .execute();
        const state = await trx
          .selectFrom('automation_threshold_state')
          .select(['last_value', 'last_fired_at'])
          .where('tenant_id', '=', tenantId)
          .where('rule_id', '=', ruleId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const fired = decide(state.last_value, state.last_fired_at);
        await trx
          .updateTable('automation_threshold_state')
          .set({ last_value: value, ...(fired ? { last_fired_at: new Date() } : {}) })
          .where('tenant_id', '=', tenantId)
          .where('rule_id', '=', ruleId)
          .execute();
        return { previous: state.last_value, fired };
      });
  }

  /** Files uploaded this calendar month (UTC) and bytes stored, for threshold rules. */
  async fileMetrics(tenantId: string): Promise<{ filesThisMonth: number; storageUsedBytes: number }> {
    const result = await sql<{ month: string; bytes: string }>`
      SELECT count(*) FILTER (WHERE created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS month,
             coalesce(sum(size_bytes), 0) AS bytes
      FROM files WHERE tenant_id = ${tenantId}`.execute(this.db(tenantId));
    const row = result.rows[0]!;
    return { filesThisMonth: Number(row.month), storageUsedBytes: Number(row.bytes) };
  }

  /**
   * Claims scheduled rules due on one shard with `FOR UPDATE SKIP LOCKED` (a rule another scheduler holds is
   * skipped, not waited for) and lets `advance` move each to its next slot inside that transaction. Takes at
   * most `perTenant` rules of one tenant (its longest-due first) and `limit` in all, round-robin: every
   * tenant's first turn before anyone's second, so a tenant with thousands of due rules cannot hold back
   * another's one; the rest stay due for the next tick. Returns the claimed rules with their slots after
   * commit, so firing never runs while the rows are locked.
   */
  async claimDue<T>(
    shard: Database<ShardTables>,
    now: Date,
    limits: { limit: number; perTenant: number },
    advance: (trx: Kysely<ShardTables>, rule: StoredRule) => Promise<T>,
  ): Promise<Array<{ rule: StoredRule; claim: T }>> {
    return shard.db.transaction().execute(async (trx) => {
      const rows = await trx
        .with('due', (db) =>
          db
            .selectFrom('automation_rules')
            .select([
              'tenant_id',
              'id',
              sql<number>`row_number() OVER (PARTITION BY tenant_id ORDER BY next_run_at, id)`.as('turn'),
            ])
            .where('is_active', '=', true)
            .where('next_run_at', 'is not', null)
            .where('next_run_at', '<=', now),
        )
        .selectFrom('automation_rules')
        .innerJoin('due', (join) =>
          join
            .onRef('due.tenant_id', '=', 'automation_rules.tenant_id')
            .onRef('due.id', '=', 'automation_rules.id'),
        )
        .selectAll('automation_rules')
        .where('due.turn', '<=', limits.perTenant)
        .orderBy('due.turn')
        .orderBy('automation_rules.next_run_at')
        .limit(limits.limit)
        .forUpdate('automation_rules')
        .skipLocked()
        .execute();
      const claimed: Array<{ rule: StoredRule; claim: T }> = [];
      for (const row of rows) {
        const rule = toRule(row);
        claimed.push({ rule, claim: await advance(trx, rule) });
      }
      return claimed;
    });
  }

  /** Moves a scheduled rule to its next slot after running `slot`. */
  async advanceSchedule(
    db: Kysely<ShardTables>,
    rule: StoredRule,
    slot: Date | null,
    next: Date | null,
  ): Promise<void> {
    await db
      .updateTable('automation_rules')
      .set({ next_run_at: next, ...(slot ? { last_run_slot: slot, last_triggered_at: new Date() } : {}) })
      .where('tenant_id', '=', rule.tenant_id)
      .where('id', '=', rule.id)
      .execute();
  }

  /** Drops expired idempotency keys and old rate windows on one shard. */
  async prune(shard: Database<ShardTables>): Promise<void> {
    await shard.db
      .deleteFrom('automation_event_keys')
      .where('created_at', '<', sql<Date>`now() - interval '24 hours'`)
      .execute();
    await shard.db
      .deleteFrom('automation_rate_counters')
      .where('window_start', '<', sql<Date>`now() - interval '10 minutes'`)
      .execute();
  }

  private db(tenantId: string): Kysely<ShardTables> {
    return this.router.forTenant(tenantId);
  }
}

async function knownEventType(db: Kysely<ShardTables>, tenantId: string, type: string): Promise<boolean> {
  const row = await db
    .selectFrom('automation_event_types')
    .select('type')
    .where('tenant_id', '=', tenantId)
    .where('type', '=', type)
    .executeTakeFirst();
  return row !== undefined;
}
