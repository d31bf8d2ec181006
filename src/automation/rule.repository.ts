import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';

import type { ShardRouter, ShardTables } from '../db/index.ts';
import type { ConditionNode } from './condition.types.ts';
import type { Action } from './rule.schema.ts';
import type { RuleDefinition, ScheduledSettings, ThresholdSettings } from './rule.validator.ts';
import type { TriggerType } from './trigger.catalog.ts';

/** A stored rule with its bookkeeping. */
export interface StoredRule extends Omit<RuleDefinition, 'version'> {
  id: string;
  tenant_id: string;
  version: number;
  disabled_reason: string | null;
  last_triggered_at: Date | null;
  next_run_at: Date | null;
  last_run_slot: Date | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

/** Webhook signing state of a rule. */
export interface WebhookSecrets {
  secret: string;
  previous_secret: string | null;
  rotated_at: Date | null;
  disabled_urls: string[];
}

type RuleRow = Selectable<ShardTables['automation_rules']>;

/** Automation rules and their webhook secrets on the tenant's shard; every query filters by tenant. */
export class RuleRepository {
  constructor(private readonly router: ShardRouter) {}

  /** Inserts a rule and its webhook secret together, and lets `alsoInTransaction` run in the same transaction. */
  async create(
    tenantId: string,
    id: string,
    rule: RuleDefinition,
    extra: { secret: string; nextRunAt: Date | null },
    alsoInTransaction: (trx: Transaction<ShardTables>) => Promise<void>,
  ) {
    const row = await this.db(tenantId)
      .transaction()
      .execute(async (trx) => {
        const inserted = await trx
          .insertInto('automation_rules')
          .values({ tenant_id: tenantId, id, ...columns(rule), next_run_at: extra.nextRunAt })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('automation_webhook_secrets')
          .values({ tenant_id: tenantId, rule_id: id, secret: extra.secret })
          .execute();
        await alsoInTransaction(trx);
        return inserted;
      });
    return toRule(row);
  }

  /** One rule of the tenant. */
  async get(tenantId: string, id: string): Promise<StoredRule | undefined> {
    const row = await this.db(tenantId)
      .selectFrom('automation_rules')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRule(row);
  }

  /** The tenant's rules, newest first. */
  async list(tenantId: string, limit: number): Promise<StoredRule[]> {
    const rows = await this.db(tenantId)
      .selectFrom('automation_rules')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRule);
  }

  /** Active rules of one trigger type (uses the partial index on (tenant_id, trigger_type)). */
  async listActive(tenantId: string, triggerType: string): Promise<StoredRule[]> {
    const rows = await this.db(tenantId)
      .selectFrom('automation_rules')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('trigger_type', '=', triggerType)
      .where('is_active', '=', true)
      .execute();
    return rows.map(toRule);
  }

  /** Replaces a rule if it is still at `version`; `undefined` when the rule is missing or the version moved. */
  async replace(tenantId: string, id: string, version: number, rule: RuleDefinition, nextRunAt: Date | null) {
    const row = await this.db(tenantId)
      .updateTable('automation_rules')
      .set({
        ...columns(rule),
        next_run_at: nextRunAt,
        last_run_slot: null,
        disabled_reason: null,
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
    return row && toRule(row);
  }

  /** Enables or disables a rule (disabling records why; enabling clears failures and disabled endpoints). */
  async setActive(
    tenantId: string,
    id: string,
    active: boolean,
    reason: string | null,
    nextRunAt: Date | null,
  ) {
    return this.db(tenantId)
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .updateTable('automation_rules')
          .set({
            is_active: active,
            disabled_reason: active ? null : reason,
            next_run_at: active ? nextRunAt : null,
            ...(active ? { consecutive_failures: 0 } : {}),
            version: sql<number>`version + 1`,
            updated_at: new Date(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (row && active) {
          await trx
            .updateTable('automation_webhook_secrets')
            .set({ disabled_urls: [], disabled_at: null })
            .where('tenant_id', '=', tenantId)
            .where('rule_id', '=', id)
            .execute();
        }
        return row && toRule(row);
      });
  }

  /** The trigger types of the tenant's active rules (which domain events the engine needs). */
  async activeTriggerTypes(tenantId: string): Promise<string[]> {
    const rows = await this.db(tenantId)
      .selectFrom('automation_rules')
      .select('trigger_type')
      .distinct()
      .where('tenant_id', '=', tenantId)
      .where('is_active', '=', true)
      .execute();
    return rows.map((row) => row.trigger_type);
  }

  /**
   * Deletes a rule and its secret (its run history stays until the tenant is removed); `alsoInTransaction`
   * runs in the same transaction when a rule was deleted.
   */
  async delete(
    tenantId: string,
    id: string,
    alsoInTransaction: (trx: Transaction<ShardTables>) => Promise<void>,
  ): Promise<boolean> {
    return this.db(tenantId)
      .transaction()
      .execute(async (trx) => {
        const deleted = await trx
          .deleteFrom('automation_rules')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        await trx
          .deleteFrom('automation_webhook_secrets')
          .where('tenant_id', '=', tenantId)
          .where('rule_id', '=', id)
          .execute();
        if (deleted.numDeletedRows === 0n) return false;
        await alsoInTransaction(trx);
        return true;
      });
  }

  /** Notes that the rule fired. */
  async markTriggered(tenantId: string, id: string, at: Date): Promise<void> {
    await this.db(tenantId)
      .updateTable('automation_rules')
      .set({ last_triggered_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  /** Counts a dead action; returns the new count of consecutive failures (0 when the rule is gone). */
  async recordFailure(tenantId: string, id: string): Promise<number> {
    const row = await this.db(tenantId)
      .updateTable('automation_rules')
      .set({ consecutive_failures: sql<number>`consecutive_failures + 1` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning('consecutive_failures')
      .executeTakeFirst();
    return row?.consecutive_failures ?? 0;
  }

  /** A succeeded action ends a failure streak. */
  async resetFailures(tenantId: string, id: string): Promise<void> {
    await this.db(tenantId)
      .updateTable('automation_rules')
      .set({ consecutive_failures: 0 })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('consecutive_failures', '>', 0)
      .execute();
  }

  /** The rule's webhook signing state. */
  async getSecrets(tenantId: string, ruleId: string): Promise<WebhookSecrets | undefined> {
    return this.db(tenantId)
      .selectFrom('automation_webhook_secrets')
      .select(['secret', 'previous_secret', 'rotated_at', 'disabled_urls'])
      .where('tenant_id', '=', tenantId)
      .where('rule_id', '=', ruleId)
      .executeTakeFirst();
  }

  /** Makes `secret` current and keeps the old one as previous; false when the rule is missing. */
  async rotateSecret(tenantId: string, ruleId: string, secret: string): Promise<boolean> {
    const result = await this.db(tenantId)
      .updateTable('automation_webhook_secrets')
      .set({ previous_secret: sql<string>`secret`, secret, rotated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('rule_id', '=', ruleId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Stops calling `url` for this rule (the receiver answered 410 Gone). */
  async disableUrl(tenantId: string, ruleId: string, url: string): Promise<void> {
    await this.db(tenantId)
      .updateTable('automation_webhook_secrets')
      .set({
        disabled_urls: sql<string[]>`array_append(array_remove(disabled_urls, ${url}), ${url})`,
        disabled_at: new Date(),
      })
      .where('tenant_id', '=', tenantId)
      .where('rule_id', '=', ruleId)
      .execute();
  }

  private db(tenantId: string): Kysely<ShardTables> {
    return this.router.forTenant(tenantId);
  }
}

/** The stored columns of a rule definition. */
function columns(rule: RuleDefinition) {
  return {
    name: rule.name,
    description: rule.description,
    trigger_type: rule.trigger_type,
    trigger_settings: rule.trigger_settings === null ? null : JSON.stringify(rule.trigger_settings),
    trigger_conditions: JSON.stringify(rule.trigger_conditions),
    actions: JSON.stringify(rule.actions),
    is_active: rule.is_active,
  };
}

/** Maps a row of `automation_rules` (on any shard) to a rule. */
export function toRule(row: RuleRow): StoredRule {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    name: row.name,
    description: row.description,
    trigger_type: row.trigger_type as TriggerType,
    trigger_settings: row.trigger_settings as ScheduledSettings | ThresholdSettings | null,
    trigger_conditions: row.trigger_conditions as ConditionNode,
    actions: row.actions as Action[],
    is_active: row.is_active,
    disabled_reason: row.disabled_reason,
    version: row.version,
    last_triggered_at: row.last_triggered_at,
    next_run_at: row.next_run_at,
    last_run_slot: row.last_run_slot,
    consecutive_failures: row.consecutive_failures,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
