import type { Database, ShardTables } from '../db/index.ts';
import type { AutomationEngine } from './automation.engine.ts';
import type { AutomationStateRepository } from './automation-state.repository.ts';
import { rootCausation } from './causation.policy.ts';
import type { AutomationEvent } from './event.schema.ts';
import type { RuleRepository, StoredRule } from './rule.repository.ts';
import type { ScheduledSettings, ThresholdSettings } from './rule.validator.ts';
import { dueSlot, nextRunAt } from './schedule.calculator.ts';
import { decideThreshold } from './threshold.policy.ts';
import type { ThresholdMetric } from './trigger.catalog.ts';

/** Rules claimed per shard per tick; the rest wait for the next tick. */
const CLAIM_BATCH = 100;

/**
 * The `automation_schedule` tick on one shard: claims due scheduled rules under row locks (at most
 * `perTenant` of one tenant, round-robin across tenants), runs the latest missed slot once (older ones are
 * skipped) and moves each rule to its next slot.
 */
export async function runScheduleTick(
  shard: Database<ShardTables>,
  state: AutomationStateRepository,
  engine: AutomationEngine,
  perTenant: number,
  now: Date = new Date(),
): Promise<number> {
  await state.prune(shard);
  const limits = { limit: CLAIM_BATCH, perTenant };
  const claimed = await state.claimDue(shard, now, limits, async (trx, rule) => {
    const { cron, timezone } = rule.trigger_settings as ScheduledSettings;
    const slot = dueSlot(cron, timezone, rule.last_run_slot ?? rule.created_at, now);
    await state.advanceSchedule(trx, rule, slot, nextRunAt(cron, timezone, now));
    return slot;
  });
  // A slot is claimed at most once (its run id is also unique per rule and slot); it fires after the claim commits.
  for (const { rule, claim: slot } of claimed) {
    if (slot === null) continue;
    const { cron, timezone } = rule.trigger_settings as ScheduledSettings;
    await engine.fireRule(rule, scheduledEvent(rule, slot, cron, timezone));
  }
  return claimed.length;
}

/** The event a schedule slot produces (its id is stable per rule and slot, so a slot never runs twice). */
export function scheduledEvent(
  rule: StoredRule,
  slot: Date,
  cron: string,
  timezone: string,
): AutomationEvent {
  const id = `scheduled:${rule.id}:${slot.toISOString()}`;
  return {
    id,
    tenant_id: rule.tenant_id,
    type: 'scheduled',
    occurred_at: slot.toISOString(),
    data: { schedule: { cron, timezone }, fired_at: slot.toISOString() },
    causation: rootCausation(id),
  };
}

/** The first `next_run_at` of a scheduled rule (null for other triggers). */
export function firstRunAt(triggerType: string, settings: unknown, after: Date): Date | null {
  if (triggerType !== 'scheduled' || settings === null) return null;
  const { cron, timezone } = settings as ScheduledSettings;
  return nextRunAt(cron, timezone, after);
}

/** Which events move which metric. */
const METRIC_SOURCES: Record<ThresholdMetric, string> = {
  estimate_total: 'cost_estimated',
  file_size_bytes: 'file_uploaded',
  files_this_month: 'file_uploaded',
  storage_used_bytes: 'file_uploaded',
};

/** Watches metrics on platform events and fires `threshold_exceeded` rules when a metric crosses their threshold. */
export class ThresholdWatcher {
  constructor(
    private readonly rules: RuleRepository,
    private readonly state: AutomationStateRepository,
    private readonly engine: AutomationEngine,
  ) {}

  /** Observes the metrics `event` moves, for each of the tenant's active threshold rules. */
  async observe(event: AutomationEvent): Promise<void> {
    if (event.type !== 'file_uploaded' && event.type !== 'cost_estimated') return;
    const rules = (await this.rules.listActive(event.tenant_id, 'threshold_exceeded')).filter(
      (r) => METRIC_SOURCES[(r.trigger_settings as ThresholdSettings).metric] === event.type,
    );
    if (rules.length === 0) return;
    const metrics = new Map<ThresholdMetric, number | undefined>();
    for (const rule of rules) {
      const settings = rule.trigger_settings as ThresholdSettings;
      if (!metrics.has(settings.metric))
        metrics.set(settings.metric, await this.measure(settings.metric, event));
      const value = metrics.get(settings.metric);
      if (value === undefined) continue;
      const now = new Date();
      const { previous, fired } = await this.state.observe(
        event.tenant_id,
        rule.id,
        value,
        (prev, lastFiredAt) =>
          decideThreshold({
            previous: prev,
            current: value,
            threshold: settings.threshold,
            direction: settings.direction,
            lastFiredAt,
            cooldownMs: settings.cooldown_seconds * 1000,
            now,
          }).fire,
      );
      if (!fired) continue;
      await this.engine.fireRule(rule, {
        id: `threshold:${rule.id}:${event.id}`,
        tenant_id: event.tenant_id,
        type: 'threshold_exceeded',
        occurred_at: now.toISOString(),
        data: {
          metric: settings.metric,
          value,
          threshold: settings.threshold,
          previous_value: previous ?? 0,
          direction: settings.direction,
          source_event_id: event.id,
        },
        causation: event.causation,
      });
    }
  }

  private async measure(metric: ThresholdMetric, event: AutomationEvent): Promise<number | undefined> {
    const read = (path: string[]): number | undefined => {
      let value: unknown = event.data;
      for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
      return typeof value === 'number' ? value : undefined;
    };
    switch (metric) {
      case 'estimate_total':
        return read(['estimate', 'total']);
      case 'file_size_bytes':
        return read(['file', 'size_bytes']);
      case 'files_this_month':
        return (await this.state.fileMetrics(event.tenant_id)).filesThisMonth;
      case 'storage_used_bytes':
        return (await this.state.fileMetrics(event.tenant_id)).storageUsedBytes;
    }
  }
}
