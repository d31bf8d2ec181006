import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { childCausation, DEPTH_LIMIT, mayFire, rootCausation } from './causation.policy.ts';
import { validateConditions } from './condition.validator.ts';
import type { AutomationEvent } from './event.schema.ts';
import { matchEvent, type MatchableRule } from './rule.matcher.ts';

function event(type: AutomationEvent['type'], data: Record<string, unknown>, id = 'e0'): AutomationEvent {
  return {
    id,
    tenant_id: 't1',
    type,
    occurred_at: '2025-06-01T12:00:00Z',
    data,
    causation: rootCausation(id),
  };
}

const concreteRule: MatchableRule = {
  id: 'r-concrete',
  trigger_type: 'analysis_completed',
  is_active: true,
  trigger_conditions: validateConditions(
    { all: [{ field: 'materials.concrete.quantity', operator: 'greater_than', value: 10 }] },
    'analysis_completed',
  ),
};

void describe('matchEvent', () => {
  void it('evaluates only active rules of the event type, with traces', () => {
    const rules: MatchableRule[] = [
      concreteRule,
      { ...concreteRule, id: 'r-off', is_active: false },
      { ...concreteRule, id: 'r-upload', trigger_type: 'file_uploaded', trigger_conditions: { all: [] } },
    ];
    const results = matchEvent(
      rules,
      event('analysis_completed', { materials: { concrete: { quantity: 12, unit: 'm3' } } }),
    );
    assert.deepEqual(results, [
      {
        rule_id: 'r-concrete',
        matched: true,
        trace: [
          {
            path: 'trigger_conditions.all[0]',
            field: 'materials.concrete.quantity',
            operator: 'greater_than',
            matched: true,
            actual: 12,
          },
        ],
      },
    ]);
    const fast = matchEvent(rules, event('analysis_completed', { materials: {} }), { trace: false });
    assert.deepEqual(fast, [{ rule_id: 'r-concrete', matched: false, trace: [] }]);
  });

  void it('matches custom events against data.*', () => {
    const rule: MatchableRule = {
      id: 'r-invoice',
      trigger_type: 'custom:invoice_paid',
      is_active: true,
      trigger_conditions: validateConditions(
        { field: 'data.amount', operator: 'greater_than', value: 100 },
        'custom:invoice_paid',
      ),
    };
    assert.equal(matchEvent([rule], event('custom:invoice_paid', { amount: 150 }))[0]?.matched, true);
    assert.equal(matchEvent([rule], event('custom:invoice_paid', { amount: '150' }))[0]?.matched, false);
    assert.deepEqual(matchEvent([rule], event('custom:other', { amount: 150 })), []);
  });

  void it('stops a self-triggering rule at the depth limit', () => {
    // A rule on custom:ping whose action emits custom:ping again: follow the chain as the platform would.
    const rule: MatchableRule = {
      id: 'r-loop',
      trigger_type: 'custom:ping',
      is_active: true,
      trigger_conditions: { all: [] },
    };
    let current = event('custom:ping', {}, 'e0');
    let fired = 0;
    for (let hop = 0; hop < 100; hop++) {
      const [result] = matchEvent([rule], current);
      if (result?.matched !== true) {
        assert.equal(result?.blocked, 'depth_limit');
        break;
      }
      fired += 1;
      const id = `e${hop + 1}`;
      current = { ...current, id, causation: childCausation(current.causation, current.id, rule.id) };
    }
    assert.equal(fired, DEPTH_LIMIT);
    assert.equal(current.causation.depth, DEPTH_LIMIT);
    assert.deepEqual(current.causation.chain, Array(DEPTH_LIMIT).fill('r-loop'));
    assert.equal(current.causation.root_event_id, 'e0');
    assert.equal(current.causation.parent_event_id, `e${DEPTH_LIMIT - 1}`);
  });

  void it('mayFire honours a custom limit', () => {
    const deep = childCausation(childCausation(rootCausation('a'), 'a', 'r1'), 'b', 'r2');
    assert.deepEqual(mayFire(deep, 3), { allowed: true });
    assert.deepEqual(mayFire(deep, 2), { allowed: false, reason: 'depth_limit' });
  });
});
