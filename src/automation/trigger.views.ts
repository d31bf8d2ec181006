import type { TSchema } from '@sinclair/typebox';

import { OPERATOR_VALUES, type ValueKind } from './condition.validator.ts';
import type { Operator } from './condition.types.ts';
import { ScheduledSettingsSchema, ThresholdSettingsSchema } from './rule.schema.ts';
import {
  BUILTIN_TRIGGER_TYPES,
  FIELD_ALIASES,
  TRIGGER_FIELDS,
  triggerHasFile,
  type BuiltinTriggerType,
  type FieldType,
} from './trigger.catalog.ts';

/** One operator a field admits and the value it needs. */
export interface OperatorView {
  operator: Operator;
  value: ValueKind;
}

/** One field a condition may name: `*` stands for any one plain name segment (e.g. a material key). */
export interface FieldView {
  field: string;
  type: FieldType;
  operators: OperatorView[];
  /** Other accepted names (the seed's), rewritten to `field` when a rule is saved. */
  aliases: string[];
}

/** One trigger a rule may listen to. */
export interface TriggerView {
  /** The `trigger_type`; `custom:<name>` stands for every tenant-submitted event type. */
  type: string;
  description: string;
  /** True when its events are about one file (so `update_database`, `export_report` and file workflows apply). */
  about_file: boolean;
  /** JSON Schema of the `trigger_settings` it requires, or null when it takes none. */
  settings: TSchema | null;
  fields: FieldView[];
}

const DESCRIPTIONS: Readonly<Record<BuiltinTriggerType, string>> = {
  file_uploaded: 'A drawing was uploaded (after its row is stored).',
  analysis_completed: "A drawing's takeoff finished; materials and element counts are known.",
  cost_estimated: 'An estimate was priced for a location.',
  scheduled: 'A cron schedule came due.',
  threshold_exceeded: "A watched metric crossed the rule's threshold.",
};

// the schemas the validator checks settings with, as JSON Schema
const SETTINGS: Readonly<Record<BuiltinTriggerType, TSchema | null>> = {
  file_uploaded: null,
  analysis_completed: null,
  cost_estimated: null,
  scheduled: ScheduledSettingsSchema,
  threshold_exceeded: ThresholdSettingsSchema,
};

function fieldView(field: string, type: FieldType, aliases: Readonly<Record<string, string>>): FieldView {
  const operators = Object.entries(OPERATOR_VALUES[type]).map(([operator, value]) => ({
    operator: operator as Operator,
    value,
  }));
  const names = Object.keys(aliases).filter((alias) => aliases[alias] === field);
  return { field, type, operators, aliases: names };
}

/**
 * Every trigger with the fields its conditions may name, their types and the operators each admits, built
 * from the tables the rule validator checks against, so `GET /api/automation-triggers` cannot drift from it.
 */
export function triggerCatalog(): TriggerView[] {
  const builtins = BUILTIN_TRIGGER_TYPES.map((type): TriggerView => ({
    type,
    description: DESCRIPTIONS[type],
    about_file: triggerHasFile(type),
    settings: SETTINGS[type],
    fields: Object.entries(TRIGGER_FIELDS[type]).map(([field, fieldType]) =>
      fieldView(field, fieldType, FIELD_ALIASES[type]),
    ),
  }));
  const custom: TriggerView = {
    type: 'custom:<name>',
    description:
      'An event the tenant submits (POST /api/events); its payload is addressed as data.<name>[.<name>…].',
    about_file: false,
    settings: null,
    fields: [fieldView('data.*', 'any', {})],
  };
  return [...builtins, custom];
}
