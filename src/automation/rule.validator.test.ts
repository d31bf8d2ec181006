import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RuleValidationError } from './automation.errors.ts';
import { validateRuleInput } from './rule.validator.ts';

const seedRule = {
  name: 'Big concrete pours',
  description: 'Tell the ERP about big pours',
  trigger_type: 'analysis_completed',
  trigger_conditions: {
    all: [{ field: 'materials.concrete.quantity', operator: 'greater_than', value: 10 }],
  },
  actions: [
    { type: 'call_webhook', webhook_url: 'https://erp.example.com/hooks/takeoff' },
    { type: 'send_notification', message: 'Concrete over 10 m3' },
    { type: 'export_report', format: 'xlsx' },
    { type: 'trigger_workflow', workflow_name: 're_analyze' },
  ],
};

function pathOf(input: unknown): string {
  try {
    validateRuleInput(input, { now: new Date('2025-01-01T00:00:00Z') });
  } catch (error) {
    assert.ok(error instanceof RuleValidationError, String(error));
    assert.equal(error.statusCode, 422);
    return error.path;
  }
  assert.fail('expected a RuleValidationError');
}

void describe('validateRuleInput', () => {
  void it("accepts the seed's request shape as is, active by default", () => {
    const rule = validateRuleInput(seedRule);
    assert.equal(rule.is_active, true);
    assert.equal(rule.trigger_settings, null);
    assert.deepEqual(rule.actions, seedRule.actions);
    assert.deepEqual(rule.trigger_conditions, seedRule.trigger_conditions);
  });

  void it('normalises scheduled and threshold settings', () => {
    const scheduled = validateRuleInput({
      ...seedRule,
      trigger_type: 'scheduled',
      trigger_settings: { cron: '0 7 * * 1-5', timezone: 'Europe/Berlin' },
      trigger_conditions: undefined,
      actions: [{ type: 'send_notification', message: 'Good morning' }],
    });
    assert.deepEqual(scheduled.trigger_settings, { cron: '0 7 * * 1-5', timezone: 'Europe/Berlin' });
    const threshold = validateRuleInput({
      name: 'Storage',
      trigger_type: 'threshold_exceeded',
      trigger_settings: { metric: 'storage_used_bytes', threshold: 1e9 },
      trigger_conditions: { all: [{ field: 'value', operator: 'greater_than', value: 1e9 }] },
      actions: [{ type: 'send_notification', message: 'Storage is filling up' }],
    });
    assert.deepEqual(threshold.trigger_settings, {
      metric: 'storage_used_bytes',
      threshold: 1e9,
      direction: 'above',
      cooldown_seconds: 3600,
    });
  });

  void it('names the bad node for top-level, settings and action problems', () => {
    assert.equal(pathOf({ ...seedRule, tenant_id: 'someone-else' }), 'tenant_id');
    assert.equal(pathOf({ ...seedRule, name: '' }), 'name');
    assert.equal(pathOf({ ...seedRule, trigger_type: 'file_deleted' }), 'trigger_type');
    assert.equal(pathOf({ ...seedRule, actions: [] }), 'actions');
    assert.equal(
      pathOf({ ...seedRule, actions: [{ type: 'run_sql', sql: 'drop table files' }] }),
      'actions[0].type',
    );
    assert.equal(
      pathOf({ ...seedRule, actions: [seedRule.actions[0], { type: 'export_report', format: 'pdf' }] }),
      'actions[1].format',
    );
    assert.equal(
      pathOf({ ...seedRule, actions: [{ type: 'call_webhook', webhook_url: 'javascript:alert(1)' }] }),
      'actions[0].webhook_url',
    );
    assert.equal(
      pathOf({ ...seedRule, actions: [{ type: 'call_webhook', webhook_url: 'https://u:p@x.example/' }] }),
      'actions[0].webhook_url',
    );
    assert.equal(pathOf({ ...seedRule, actions: [{ type: 'update_database', sql: 'x' }] }), 'actions[0].sql');
    assert.equal(pathOf({ ...seedRule, actions: [{ type: 'update_database' }] }), 'actions[0]');
    assert.equal(
      pathOf({
        ...seedRule,
        actions: [{ type: 'trigger_workflow', workflow_name: 'estimate_for_location' }],
      }),
      'actions[0].location',
    );
    assert.equal(pathOf({ ...seedRule, trigger_settings: { cron: '* * * * *' } }), 'trigger_settings');
    assert.equal(
      pathOf({ ...seedRule, trigger_type: 'scheduled', trigger_conditions: undefined }),
      'trigger_settings',
    );
    assert.equal(
      pathOf({
        ...seedRule,
        trigger_type: 'scheduled',
        trigger_conditions: undefined,
        trigger_settings: { cron: '0 7 * * *', timezone: 'Mars/Olympus' },
      }),
      'trigger_settings.timezone',
    );
    assert.equal(
      pathOf({
        ...seedRule,
        trigger_type: 'threshold_exceeded',
        trigger_conditions: undefined,
        trigger_settings: { metric: 'cpu', threshold: 1 },
      }),
      'trigger_settings.metric',
    );
  });

  void it('refuses file actions on triggers that are not about one file', () => {
    const base = { name: 'n', trigger_type: 'scheduled', trigger_settings: { cron: '0 7 * * *' } };
    assert.equal(pathOf({ ...base, actions: [{ type: 'update_database', tags: ['x'] }] }), 'actions[0].type');
    assert.equal(pathOf({ ...base, actions: [{ type: 'export_report', format: 'csv' }] }), 'actions[0].type');
    assert.ok(
      validateRuleInput({
        ...base,
        actions: [{ type: 'trigger_workflow', workflow_name: 'batch_re_estimate' }],
      }),
    );
    assert.ok(
      validateRuleInput({
        ...base,
        trigger_type: 'file_uploaded',
        trigger_settings: undefined,
        actions: [{ type: 'update_database', tags: ['x'] }],
      }),
    );
  });

  void it('accepts custom event rules over data.* fields', () => {
    const rule = validateRuleInput({
      name: 'Invoice paid',
      trigger_type: 'custom:invoice_paid',
      trigger_conditions: { all: [{ field: 'data.amount', operator: 'greater_than_or_equal', value: 5000 }] },
      actions: [{ type: 'send_notification', message: 'Large invoice paid' }],
      version: 3,
    });
    assert.equal(rule.trigger_type, 'custom:invoice_paid');
    assert.equal(rule.version, 3);
  });
});
