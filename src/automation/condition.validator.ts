import { RuleValidationError } from './automation.errors.ts';
import {
  CONDITION_LIMITS,
  OPERATORS,
  type ConditionLeaf,
  type ConditionNode,
  type Operator,
} from './condition.types.ts';
import { resolveField, type FieldType, type TriggerType } from './trigger.catalog.ts';

/** The values an operator may need: one scalar (of a type), a list of scalars (`in`), `[min, max]` (`between`). */
export const VALUE_KINDS = ['scalar', 'string', 'number', 'boolean', 'scalar_list', 'number_pair'] as const;

/** One of {@link VALUE_KINDS}. */
export type ValueKind = (typeof VALUE_KINDS)[number];

/** Which operators each field type admits, and the value each then needs (the trigger catalog shows this). */
export const OPERATOR_VALUES: Readonly<Record<FieldType, Partial<Record<Operator, ValueKind>>>> = {
  string: {
    equals: 'string',
    not_equals: 'string',
    in: 'scalar_list',
    contains: 'string',
    starts_with: 'string',
    exists: 'boolean',
  },
  number: {
    equals: 'number',
    not_equals: 'number',
    in: 'scalar_list',
    greater_than: 'number',
    greater_than_or_equal: 'number',
    less_than: 'number',
    less_than_or_equal: 'number',
    between: 'number_pair',
    exists: 'boolean',
  },
  boolean: { equals: 'boolean', not_equals: 'boolean', exists: 'boolean' },
  string_array: { contains: 'string', exists: 'boolean' },
  any: {
    equals: 'scalar',
    not_equals: 'scalar',
    in: 'scalar_list',
    contains: 'scalar',
    starts_with: 'string',
    greater_than: 'number',
    greater_than_or_equal: 'number',
    less_than: 'number',
    less_than_or_equal: 'number',
    between: 'number_pair',
    exists: 'boolean',
  },
};

const GROUP_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = new Set(['field', 'operator', 'value']);

interface WalkState {
  trigger: TriggerType;
  leaves: number;
}

/**
 * Checks a tenant-authored condition tree against the trigger's documented fields and returns it typed.
 * `undefined`/`null` means "no conditions" (`{all: []}`). Throws {@link RuleValidationError} naming the node.
 */
export function validateConditions(
  raw: unknown,
  trigger: TriggerType,
  basePath = 'trigger_conditions',
): ConditionNode {
  if (raw === undefined || raw === null) return { all: [] };
  return walk(raw, basePath, 1, { trigger, leaves: 0 });
}

function walk(raw: unknown, path: string, depth: number, state: WalkState): ConditionNode {
  if (!isPlainObject(raw)) throw new RuleValidationError(path, 'a condition must be an object');
  const keys = Object.keys(raw);
  const group = GROUP_KEYS.find((k) => Object.hasOwn(raw, k));
  if (group === undefined) return validateLeaf(raw, keys, path, state);
  if (keys.length !== 1) {
    throw new RuleValidationError(path, `a '${group}' group takes no other keys (found: ${keys.join(', ')})`);
  }
  if (depth > CONDITION_LIMITS.maxDepth) {
    throw new RuleValidationError(path, `conditions nest deeper than ${CONDITION_LIMITS.maxDepth} groups`);
  }
  const body = raw[group];
  if (group === 'not') return { not: walk(body, `${path}.not`, depth + 1, state) };
  if (!Array.isArray(body))
    throw new RuleValidationError(`${path}.${group}`, 'must be an array of conditions');
  if (body.length > CONDITION_LIMITS.maxChildren) {
    throw new RuleValidationError(`${path}.${group}`, `at most ${CONDITION_LIMITS.maxChildren} entries`);
  }
  if (group === 'any' && body.length === 0) {
    throw new RuleValidationError(`${path}.any`, "an 'any' group needs at least one condition");
  }
  const children = body.map((child, i) => walk(child, `${path}.${group}[${i}]`, depth + 1, state));
  return group === 'all' ? { all: children } : { any: children };
}

function validateLeaf(
  raw: Record<string, unknown>,
  keys: string[],
  path: string,
  state: WalkState,
): ConditionLeaf {
  const extra = keys.find((k) => !LEAF_KEYS.has(k));
  if (extra !== undefined) {
    throw new RuleValidationError(
      `${path}.${extra}`,
      'unknown key; a condition is {all}, {any}, {not} or {field, operator, value}',
    );
  }
  state.leaves += 1;
  if (state.leaves > CONDITION_LIMITS.maxLeaves) {
    throw new RuleValidationError(path, `a rule may have at most ${CONDITION_LIMITS.maxLeaves} conditions`);
  }
  const { field, operator } = raw;
  if (typeof field !== 'string' || field.length === 0 || field.length > CONDITION_LIMITS.maxFieldLength) {
    throw new RuleValidationError(
      `${path}.field`,
      `must be a dotted field name of 1–${CONDITION_LIMITS.maxFieldLength} chars`,
    );
  }
  const resolved = resolveField(state.trigger, field);
  if (!resolved.ok)
    throw new RuleValidationError(`${path}.field`, `'${field}': ${resolved.reason}`, { details: { field } });
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    throw new RuleValidationError(`${path}.operator`, `unknown operator; use one of ${OPERATORS.join(', ')}`);
  }
  const kind = OPERATOR_VALUES[resolved.type][operator as Operator];
  if (kind === undefined) {
    const allowed = Object.keys(OPERATOR_VALUES[resolved.type]).join(', ');
    throw new RuleValidationError(
      `${path}.operator`,
      `'${operator}' does not apply to ${resolved.type} field '${field}' (use ${allowed})`,
    );
  }
  const value = operator === 'exists' && !Object.hasOwn(raw, 'value') ? true : raw.value;
  checkValue(value, kind, resolved.type, `${path}.value`);
  // an alias (the seed's `file_size`) is stored as the documented field it names
  return { field: resolved.field, operator, value } as ConditionLeaf;
}

function checkValue(value: unknown, kind: ValueKind, fieldType: FieldType, path: string): void {
  switch (kind) {
    case 'string':
      if (typeof value !== 'string')
        throw new RuleValidationError(path, `must be a string, got ${describe(value)}`);
      checkString(value, path);
      return;
    case 'number':
      if (!isFiniteNumber(value))
        throw new RuleValidationError(path, `must be a number, got ${describe(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean')
        throw new RuleValidationError(path, `must be true or false, got ${describe(value)}`);
      return;
    case 'scalar':
      checkScalar(value, path);
      return;
    case 'number_pair':
      if (!isNumberPair(value)) throw new RuleValidationError(path, 'must be [min, max] with two numbers');
      if (value[0] > value[1]) throw new RuleValidationError(path, 'min must not exceed max');
      return;
    case 'scalar_list':
      if (!Array.isArray(value) || value.length === 0 || value.length > CONDITION_LIMITS.maxInValues) {
        throw new RuleValidationError(path, `must be a list of 1–${CONDITION_LIMITS.maxInValues} values`);
      }
      value.forEach((item, i) => {
        if (fieldType === 'any') checkScalar(item, `${path}[${i}]`);
        else checkValue(item, fieldType as 'string' | 'number', fieldType, `${path}[${i}]`);
      });
      return;
  }
}

function checkScalar(value: unknown, path: string): void {
  if (typeof value === 'string') return checkString(value, path);
  if (typeof value !== 'boolean' && !isFiniteNumber(value)) {
    throw new RuleValidationError(path, `must be a string, number or boolean, got ${describe(value)}`);
  }
}

function checkString(value: string, path: string): void {
  if (value.length > CONDITION_LIMITS.maxStringLength) {
    throw new RuleValidationError(path, `at most ${CONDITION_LIMITS.maxStringLength} characters`);
  }
}

function isNumberPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every(isFiniteNumber);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : typeof value;
}

/** True for `{}`-style objects (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
