import { Type } from '@sinclair/typebox';

import { RuleValidationError } from './automation.errors.ts';
import { isPlainObject, validateConditions } from './condition.validator.ts';
import type { ConditionNode } from './condition.types.ts';
import {
  ACTION_SCHEMAS,
  RuleInputSchema,
  ScheduledSettingsSchema,
  ThresholdSettingsSchema,
  assertShape,
  type Action,
  type ActionType,
} from './rule.schema.ts';
import { validateSchedule } from './schedule.calculator.ts';
import type { ThresholdDirection } from './threshold.policy.ts';
import { isTriggerType, triggerHasFile, type ThresholdMetric, type TriggerType } from './trigger.catalog.ts';

/** Normalised settings of a scheduled rule. */
export interface ScheduledSettings {
  cron: string;
  timezone: string;
}

/** Normalised settings of a threshold rule. */
export interface ThresholdSettings {
  metric: ThresholdMetric;
  threshold: number;
  direction: ThresholdDirection;
  cooldown_seconds: number;
}

/** A rule as validated and normalised, ready to store (the repository adds id, tenant, version, timestamps). */
export interface RuleDefinition {
  name: string;
  description: string | null;
  trigger_type: TriggerType;
  trigger_settings: ScheduledSettings | ThresholdSettings | null;
  trigger_conditions: ConditionNode;
  actions: Action[];
  is_active: boolean;
  /** The version the client last read, when it sent one (PUT). */
  version?: number;
}

/**
 * Validates a create/replace request body (the seed's shape accepted as is) and returns the normalised rule.
 * Throws {@link RuleValidationError} (422, `INVALID_RULE`) whose `details.path` names the bad node.
 * `now` anchors the schedule check (minimum interval, "never fires").
 */
export function validateRuleInput(input: unknown, options: { now?: Date } = {}): RuleDefinition {
  if (!isPlainObject(input)) throw new RuleValidationError('body', 'a rule must be a JSON object');
  assertShape(RuleEnvelopeSchema, input, '');
  const body = input as {
    name: string;
    description?: string | null;
    trigger_type: string;
    trigger_settings?: unknown;
    trigger_conditions?: unknown;
    actions: unknown[];
    is_active?: boolean;
    version?: number;
  };
  if (!isTriggerType(body.trigger_type)) {
    throw new RuleValidationError(
      'trigger_type',
      'use a built-in trigger or custom:<name> (lowercase, up to 64 chars)',
    );
  }
  const trigger = body.trigger_type;
  const rule: RuleDefinition = {
    name: body.name,
    description: body.description ?? null,
    trigger_type: trigger,
    trigger_settings: validateSettings(trigger, body.trigger_settings, options.now),
    trigger_conditions: validateConditions(body.trigger_conditions, trigger),
    actions: body.actions.map((action, i) => validateAction(action, trigger, `actions[${i}]`)),
    is_active: body.is_active ?? true,
  };
  if (body.version !== undefined) rule.version = body.version;
  return rule;
}

// Settings are checked per trigger below, so their errors name the field rather than the whole union.
const RuleEnvelopeSchema = Type.Object(
  { ...RuleInputSchema.properties, trigger_settings: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);

function validateSettings(
  trigger: TriggerType,
  raw: unknown,
  now: Date | undefined,
): ScheduledSettings | ThresholdSettings | null {
  const path = 'trigger_settings';
  if (trigger === 'scheduled') {
    if (raw === undefined || raw === null)
      throw new RuleValidationError(path, 'a scheduled rule needs {cron, timezone}');
    assertShape(ScheduledSettingsSchema, raw, path);
    const s = raw as { cron: string; timezone?: string };
    const settings = { cron: s.cron.trim(), timezone: s.timezone ?? 'UTC' };
    validateSchedule(settings.cron, settings.timezone, { path, now });
    return settings;
  }
  if (trigger === 'threshold_exceeded') {
    if (raw === undefined || raw === null)
      throw new RuleValidationError(path, 'a threshold rule needs {metric, threshold}');
    assertShape(ThresholdSettingsSchema, raw, path);
    const s = raw as Omit<ThresholdSettings, 'direction' | 'cooldown_seconds'> & Partial<ThresholdSettings>;
    if (!Number.isFinite(s.threshold))
      throw new RuleValidationError(`${path}.threshold`, 'must be a finite number');
    return {
      metric: s.metric,
      threshold: s.threshold,
      direction: s.direction ?? 'above',
      cooldown_seconds: s.cooldown_seconds ?? 3600,
    };
  }
  if (raw !== undefined && raw !== null) {
    throw new RuleValidationError(path, `trigger '${trigger}' takes no settings`);
  }
  return null;
}

const FILE_ACTIONS: ReadonlySet<string> = new Set(['update_database', 'export_report']);

function validateAction(raw: unknown, trigger: TriggerType, path: string): Action {
  if (!isPlainObject(raw)) throw new RuleValidationError(path, 'an action must be an object');
  const type = raw.type;
  if (typeof type !== 'string' || !Object.hasOwn(ACTION_SCHEMAS, type)) {
    throw new RuleValidationError(
      `${path}.type`,
      `unknown action; use one of ${Object.keys(ACTION_SCHEMAS).join(', ')}`,
    );
  }
  assertShape(ACTION_SCHEMAS[type as ActionType], raw, path);
  const action = raw as Action;
  const needsFile =
    FILE_ACTIONS.has(action.type) ||
    (action.type === 'trigger_workflow' && action.workflow_name !== 'batch_re_estimate');
  if (needsFile && !triggerHasFile(trigger)) {
    throw new RuleValidationError(
      `${path}.type`,
      `needs a file, and '${trigger}' events are not about one file`,
    );
  }
  switch (action.type) {
    case 'call_webhook':
      checkWebhookUrl(action.webhook_url, `${path}.webhook_url`);
      break;
    case 'update_database':
      if (action.status_label === undefined && action.tags === undefined && action.notes === undefined) {
        throw new RuleValidationError(path, 'set at least one of status_label, tags, notes');
      }
      break;
    case 'trigger_workflow':
      if (action.workflow_name === 'estimate_for_location' && action.location === undefined) {
        throw new RuleValidationError(`${path}.location`, 'estimate_for_location needs a location');
      }
      break;
    case 'send_notification':
    case 'export_report':
      break;
  }
  return action;
}

/** Syntax only: the address a URL reaches is vetted when connecting, where DNS answers cannot change under us. */
function checkWebhookUrl(value: string, path: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RuleValidationError(path, 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new RuleValidationError(path, 'must be http(s)');
  if (url.username !== '' || url.password !== '')
    throw new RuleValidationError(path, 'must not carry credentials');
}
