import type { ConditionLeaf, ConditionNode, EvaluationResult, LeafTrace, Scalar } from './condition.types.ts';
import { FORBIDDEN_SEGMENTS } from './trigger.catalog.ts';

const MISSING = Symbol('missing');

type Compiled =
  | { kind: 'all' | 'any'; children: Compiled[] }
  | { kind: 'not'; child: Compiled }
  | { kind: 'leaf'; leaf: ConditionLeaf; segments: string[]; path: string };

const compiledCache = new WeakMap<ConditionNode, Compiled>();

/**
 * Evaluates a validated condition tree against one event's data. Pure and total: a missing field or a value
 * of the wrong type makes that leaf false (recorded in the trace with a reason) and never throws.
 * Groups short-circuit, so the trace lists the leaves actually evaluated.
 */
export function evaluateConditions(conditions: ConditionNode, event: unknown): EvaluationResult {
  const trace: LeafTrace[] = [];
  const matched = run(compile(conditions), event, trace);
  return { matched, trace };
}

/** Like {@link evaluateConditions} without building a trace: the fast path for bulk matching. */
export function conditionsMatch(conditions: ConditionNode, event: unknown): boolean {
  return run(compile(conditions), event, undefined);
}

/**
 * Reads a dotted path from plain data using own properties only (never the prototype chain),
 * returning `undefined` when any segment is absent or not an object.
 */
export function readField(data: unknown, field: string): unknown {
  const value = lookup(data, field.split('.'));
  return value === MISSING ? undefined : value;
}

function compile(node: ConditionNode, path = 'trigger_conditions'): Compiled {
  const cached = compiledCache.get(node);
  if (cached !== undefined) return cached;
  let compiled: Compiled;
  if ('all' in node)
    compiled = { kind: 'all', children: node.all.map((c, i) => compile(c, `${path}.all[${i}]`)) };
  else if ('any' in node)
    compiled = { kind: 'any', children: node.any.map((c, i) => compile(c, `${path}.any[${i}]`)) };
  else if ('not' in node) compiled = { kind: 'not', child: compile(node.not, `${path}.not`) };
  else compiled = { kind: 'leaf', leaf: node, segments: node.field.split('.'), path };
  compiledCache.set(node, compiled);
  return compiled;
}

function run(node: Compiled, event: unknown, trace: LeafTrace[] | undefined): boolean {
  switch (node.kind) {
    case 'all':
      for (const child of node.children) if (!run(child, event, trace)) return false;
      return true;
    case 'any':
      for (const child of node.children) if (run(child, event, trace)) return true;
      return false;
    case 'not':
      return !run(node.child, event, trace);
    case 'leaf':
      return runLeaf(node, event, trace);
  }
}

function runLeaf(
  node: Extract<Compiled, { kind: 'leaf' }>,
  event: unknown,
  trace: LeafTrace[] | undefined,
): boolean {
  const actual = lookup(event, node.segments);
  const outcome = compare(node.leaf, actual);
  if (trace !== undefined) {
    const entry: LeafTrace = {
      path: node.path,
      field: node.leaf.field,
      operator: node.leaf.operator,
      matched: outcome === true,
    };
    if (actual !== MISSING) entry.actual = summarise(actual);
    if (outcome !== true && outcome !== false) entry.reason = outcome;
    trace.push(entry);
  }
  return outcome === true;
}

function lookup(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return MISSING;
    if (FORBIDDEN_SEGMENTS.has(segment) || !Object.hasOwn(current, segment)) return MISSING;
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined ? MISSING : current;
}

/** `true`/`false` for a comparison made, or the reason none could be made (which counts as false). */
function compare(leaf: ConditionLeaf, actual: unknown): boolean | 'missing' | 'type_mismatch' {
  if (leaf.operator === 'exists') return (actual !== MISSING && actual !== null) === leaf.value;
  if (actual === MISSING || actual === null) return 'missing';
  switch (leaf.operator) {
    case 'equals':
    case 'not_equals':
      if (typeof actual !== typeof leaf.value) return 'type_mismatch';
      return (actual === leaf.value) === (leaf.operator === 'equals');
    case 'in':
      if (!isScalar(actual)) return 'type_mismatch';
      return leaf.value.includes(actual);
    case 'contains':
      if (typeof actual === 'string')
        return typeof leaf.value === 'string' ? actual.includes(leaf.value) : 'type_mismatch';
      if (Array.isArray(actual)) return actual.includes(leaf.value);
      return 'type_mismatch';
    case 'starts_with':
      return typeof actual === 'string' ? actual.startsWith(leaf.value) : 'type_mismatch';
    case 'greater_than':
      return typeof actual === 'number' ? actual > leaf.value : 'type_mismatch';
    case 'greater_than_or_equal':
      return typeof actual === 'number' ? actual >= leaf.value : 'type_mismatch';
    case 'less_than':
      return typeof actual === 'number' ? actual < leaf.value : 'type_mismatch';
    case 'less_than_or_equal':
      return typeof actual === 'number' ? actual <= leaf.value : 'type_mismatch';
    case 'between':
      return typeof actual === 'number'
        ? actual >= leaf.value[0] && actual <= leaf.value[1]
        : 'type_mismatch';
  }
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function summarise(value: unknown): Scalar | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return `[array of ${value.length}]`;
  return `[${typeof value}]`;
}
