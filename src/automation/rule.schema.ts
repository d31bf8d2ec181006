import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

import { RuleValidationError } from './automation.errors.ts';
import { THRESHOLD_METRICS } from './trigger.catalog.ts';

/** Built-in workflows a `trigger_workflow` action may start. */
export const WORKFLOW_NAMES = ['re_analyze', 'estimate_for_location', 'batch_re_estimate'] as const;

/** POST the event, signed per Standard Webhooks, to the tenant's endpoint. */
export const CallWebhookActionSchema = Type.Object(
  { type: Type.Literal('call_webhook'), webhook_url: Type.String({ minLength: 1, maxLength: 2048 }) },
  { additionalProperties: false },
);
/** Store a message in the tenant's notification inbox (and push it on the event stream). */
export const SendNotificationActionSchema = Type.Object(
  {
    type: Type.Literal('send_notification'),
    message: Type.String({ minLength: 1, maxLength: 2000 }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
/** Write the takeoff or estimate of the triggering file as CSV or XLSX and link it from the run. */
export const ExportReportActionSchema = Type.Object(
  {
    type: Type.Literal('export_report'),
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
    report: Type.Optional(Type.Union([Type.Literal('takeoff'), Type.Literal('estimate')])),
  },
  { additionalProperties: false },
);
/** Start a named built-in workflow; `estimate_for_location` needs `location`. */
export const TriggerWorkflowActionSchema = Type.Object(
  {
    type: Type.Literal('trigger_workflow'),
    workflow_name: Type.Union(WORKFLOW_NAMES.map((n) => Type.Literal(n))),
    location: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
/** Set whitelisted fields of the triggering file; never arbitrary columns or SQL. */
export const UpdateDatabaseActionSchema = Type.Object(
  {
    type: Type.Literal('update_database'),
    status_label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 20 })),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

/** Every action schema, keyed by its `type`. */
export const ACTION_SCHEMAS = {
  call_webhook: CallWebhookActionSchema,
  send_notification: SendNotificationActionSchema,
  export_report: ExportReportActionSchema,
  trigger_workflow: TriggerWorkflowActionSchema,
  update_database: UpdateDatabaseActionSchema,
} as const;

/** One of the action `type`s. */
export type ActionType = keyof typeof ACTION_SCHEMAS;

/** Any action of a rule, in its stored form. */
export const ActionSchema = Type.Union(Object.values(ACTION_SCHEMAS));
/** Any action of a rule, in its stored form. */
export type Action = Static<typeof ActionSchema>;

/** Settings of a `scheduled` rule: a 5-field (or 6 with seconds) cron pattern read in an IANA zone. */
export const ScheduledSettingsSchema = Type.Object(
  {
    cron: Type.String({ minLength: 1, maxLength: 120 }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, default: 'UTC' })),
  },
  { additionalProperties: false },
);
/** Settings of a `threshold_exceeded` rule. */
export const ThresholdSettingsSchema = Type.Object(
  {
    metric: Type.Union(THRESHOLD_METRICS.map((m) => Type.Literal(m))),
    threshold: Type.Number(),
    direction: Type.Optional(
      Type.Union([Type.Literal('above'), Type.Literal('below')], { default: 'above' }),
    ),
    cooldown_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 * 86_400, default: 3600 })),
  },
  { additionalProperties: false },
);

/**
 * Request body of create/replace (the seed's shape plus `trigger_settings`, `is_active`, `version`).
 * For OpenAPI; conditions are checked by `validateRuleInput`, which answers 422 naming the node.
 */
export const RuleInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    trigger_type: Type.String({
      description:
        'file_uploaded | analysis_completed | cost_estimated | scheduled | threshold_exceeded | custom:<name>',
    }),
    trigger_settings: Type.Optional(
      Type.Union([ScheduledSettingsSchema, ThresholdSettingsSchema, Type.Null()]),
    ),
    trigger_conditions: Type.Optional(
      Type.Unknown({ description: '{all:[…]} | {any:[…]} | {not:…} | {field, operator, value}' }),
    ),
    actions: Type.Array(Type.Unknown({ description: 'see ActionSchema' }), { minItems: 1, maxItems: 10 }),
    is_active: Type.Optional(Type.Boolean()),
    version: Type.Optional(
      Type.Integer({ minimum: 1, description: 'current version, for optimistic locking on PUT' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Checks `value` against a TypeBox object schema and throws {@link RuleValidationError} at the first problem,
 * naming an unexpected key itself rather than its parent.
 */
export function assertShape(schema: TSchema, value: unknown, path: string): void {
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  if (properties !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const extra = Object.keys(value).find((k) => !Object.hasOwn(properties, k));
    if (extra !== undefined) throw new RuleValidationError(join(path, `.${extra}`), 'unknown property');
  }
  const first = Value.Errors(schema, value).First();
  if (first !== undefined)
    throw new RuleValidationError(join(path, pointerToPath(first.path)) || 'body', first.message);
}

/** Appends a `.key`/`[i]` suffix; at the body's root (`''`) the leading dot is dropped. */
function join(base: string, suffix: string): string {
  return base === '' ? suffix.replace(/^\./, '') : base + suffix;
}

function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('');
}
