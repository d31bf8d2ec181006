import type { Transaction } from 'kysely';
import { uuidv7 } from 'uuidv7';

import type { ShardTables } from '../db/index.ts';
import type { DomainEvent } from '../events/index.ts';
import type { AutomationStateRepository } from './automation-state.repository.ts';
import { childCausation, mayFire, rootCausation, type Causation } from './causation.policy.ts';
import { evaluateConditions } from './condition.evaluator.ts';
import { conditionSubject, type AutomationEvent } from './event.schema.ts';
import { matchEvent } from './rule.matcher.ts';
import type { RuleRepository, StoredRule } from './rule.repository.ts';
import { actionKey, type RunRepository, type RunStatus } from './run.repository.ts';
import { isTriggerType } from './trigger.catalog.ts';

/** One attempt of one action of a run, as queued. */
export interface ActionJob {
  tenantId: string;
  runId: string;
  index: number;
  attempt: number;
  /** The action's idempotency key (`<run_id>:<index>`). */
  key: string;
}

/** How the engine queues action attempts (the job queue, seen through what it needs). */
export interface ActionQueue {
  enqueueInTransaction(trx: Transaction<ShardTables>, shardId: number, job: ActionJob): Promise<void>;
  enqueueLater(tenantId: string, job: ActionJob, startAfter: Date): Promise<void>;
}

/** Safety limits of the engine. */
export interface EngineLimits {
  depthLimit: number;
  rulePerMinute: number;
  tenantPerMinute: number;
}

/** What happened to one rule for one event. */
export interface FireOutcome {
  ruleId: string;
  runId: string;
  status: RunStatus;
}

/** Matches events against the tenant's rules, records runs and queues their actions. */
export class AutomationEngine {
  constructor(
    private readonly rules: RuleRepository,
    private readonly runs: RunRepository,
    private readonly state: AutomationStateRepository,
    private readonly queue: ActionQueue,
    private readonly limits: EngineLimits,
  ) {}

  /** The `automation_event` job: an event (see {@link toAutomationEvent}) matched against the tenant's active rules. */
  async handle(event: AutomationEvent): Promise<FireOutcome[]> {
    const rules = await this.rules.listActive(event.tenant_id, event.type);
    const byId = new Map(rules.map((r) => [r.id, r]));
    const outcomes: FireOutcome[] = [];
    for (const match of matchEvent(rules, event, { trace: true, depthLimit: this.limits.depthLimit })) {
      const rule = byId.get(match.rule_id)!;
      if (match.blocked !== undefined) outcomes.push(await this.record(rule, event, false, [], 'blocked'));
      else if (match.matched) outcomes.push(await this.fire(rule, event, match.trace));
    }
    return outcomes;
  }

  /** Fires one rule for an event made for it alone (a schedule slot, a threshold crossing), if its conditions hold. */
  async fireRule(rule: StoredRule, event: AutomationEvent): Promise<FireOutcome | undefined> {
    if (!mayFire(event.causation, this.limits.depthLimit).allowed)
      return this.record(rule, event, false, [], 'blocked');
    const { matched, trace } = evaluateConditions(rule.trigger_conditions, conditionSubject(event));
    return matched ? this.fire(rule, event, trace) : undefined;
  }

  /**
   * A queued domain event as rules see it (`undefined` for types no rule can listen to). Its causation is root,
   * or one level below the run whose action caused it (`DomainEvent.causation` holds that run's id).
   */
  async toAutomationEvent(event: DomainEvent): Promise<AutomationEvent | undefined> {
    if (!isTriggerType(event.type)) return undefined;
    let causation: Causation = rootCausation(event.id);
    if (event.causation !== undefined) {
      const parent = await this.runs.getRun(event.tenantId, event.causation);
      if (parent) causation = childCausation(parent.causation as Causation, parent.event_id, parent.rule_id);
    }
    return {
      id: event.id,
      tenant_id: event.tenantId,
      type: event.type,
      occurred_at: event.occurredAt,
      data: (event.data ?? {}) as Record<string, unknown>,
      causation,
    };
  }

  private async fire(rule: StoredRule, event: AutomationEvent, trace: unknown[]): Promise<FireOutcome> {
    const [tenantCount, ruleCount] = await this.state.countFiring(event.tenant_id, ['*', rule.id]);
    if (tenantCount! > this.limits.tenantPerMinute || ruleCount! > this.limits.rulePerMinute) {
      return this.record(rule, event, true, trace, 'rate_limited');
    }
    const outcome = await this.record(rule, event, true, trace, 'running');
    await this.rules.markTriggered(event.tenant_id, rule.id, new Date());
    return outcome;
  }

  private async record(
    rule: StoredRule,
    event: AutomationEvent,
    matched: boolean,
    trace: unknown[],
    status: RunStatus,
  ): Promise<FireOutcome> {
    const runId = uuidv7();
    const actions = status === 'running' ? rule.actions : [];
    const snapshot = { id: event.id, type: event.type, occurred_at: event.occurred_at, data: event.data };
    await this.runs.create(
      event.tenant_id,
      {
        id: runId,
        rule_id: rule.id,
        event_id: event.id,
        event_type: event.type,
        event: snapshot,
        matched,
        trace,
        status,
        causation: event.causation,
      },
      actions,
      async (trx, shardId) => {
        for (let index = 0; index < actions.length; index++) {
          const job = { tenantId: event.tenant_id, runId, index, attempt: 1, key: actionKey(runId, index) };
          await this.queue.enqueueInTransaction(trx, shardId, job);
        }
      },
    );
    return { ruleId: rule.id, runId, status };
  }
}
