import { mayFire, DEPTH_LIMIT } from './causation.policy.ts';
import { conditionsMatch, evaluateConditions } from './condition.evaluator.ts';
import type { ConditionNode, LeafTrace } from './condition.types.ts';
import { conditionSubject, type AutomationEvent } from './event.schema.ts';
import type { TriggerType } from './trigger.catalog.ts';

/** The parts of a stored rule matching needs. */
export interface MatchableRule {
  id: string;
  trigger_type: TriggerType;
  trigger_conditions: ConditionNode;
  is_active: boolean;
}

/** One rule's verdict on one event, as the run history records it. */
export interface RuleMatch {
  rule_id: string;
  matched: boolean;
  /** Leaves evaluated (empty when tracing was off or the rule was blocked). */
  trace: LeafTrace[];
  /** Set when the rule was not evaluated because of the causation depth limit. */
  blocked?: 'depth_limit';
}

/** Options of {@link matchEvent}. */
export interface MatchOptions {
  /** Build traces (default true); off is the fast path when only matches matter. */
  trace?: boolean;
  depthLimit?: number;
}

/**
 * Evaluates every active rule of the event's trigger type against the event (pure, in memory).
 * The caller passes the tenant's rules, so a rule of another tenant can never be considered.
 */
export function matchEvent(
  rules: readonly MatchableRule[],
  event: AutomationEvent,
  options: MatchOptions = {},
): RuleMatch[] {
  const subject = conditionSubject(event);
  const fire = mayFire(event.causation, options.depthLimit ?? DEPTH_LIMIT);
  const results: RuleMatch[] = [];
  for (const rule of rules) {
    if (!rule.is_active || rule.trigger_type !== event.type) continue;
    if (!fire.allowed) {
      results.push({ rule_id: rule.id, matched: false, trace: [], blocked: fire.reason });
    } else if (options.trace === false) {
      results.push({
        rule_id: rule.id,
        matched: conditionsMatch(rule.trigger_conditions, subject),
        trace: [],
      });
    } else {
      const { matched, trace } = evaluateConditions(rule.trigger_conditions, subject);
      results.push({ rule_id: rule.id, matched, trace });
    }
  }
  return results;
}
