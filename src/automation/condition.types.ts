/** Every comparison a condition leaf may use. */
export const OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'contains',
  'starts_with',
  'greater_than',
  'greater_than_or_equal',
  'less_than',
  'less_than_or_equal',
  'between',
  'exists',
] as const;

/** One of {@link OPERATORS}. */
export type Operator = (typeof OPERATORS)[number];

/** A JSON scalar a leaf compares against. */
export type Scalar = string | number | boolean;

/** A validated comparison of one event field; the value's type is fixed by the operator. */
export type ConditionLeaf =
  | { field: string; operator: 'equals' | 'not_equals'; value: Scalar }
  | { field: string; operator: 'in'; value: Scalar[] }
  | { field: string; operator: 'contains'; value: Scalar }
  | { field: string; operator: 'starts_with'; value: string }
  | {
      field: string;
      operator: 'greater_than' | 'greater_than_or_equal' | 'less_than' | 'less_than_or_equal';
      value: number;
    }
  | { field: string; operator: 'between'; value: [number, number] }
  | { field: string; operator: 'exists'; value: boolean };

/** A validated condition tree: groups (`all`, `any`, `not`) over leaves. `{all: []}` matches every event. */
export type ConditionNode =
  { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode } | ConditionLeaf;

/** Why a leaf did not match although it was evaluated against the data it asked for. */
export type LeafMissReason = 'missing' | 'type_mismatch';

/** The outcome of one evaluated leaf; leaves skipped by short-circuiting do not appear. */
export interface LeafTrace {
  /** Location of the leaf, named as validation errors name it, e.g. `trigger_conditions.all[1]`. */
  path: string;
  field: string;
  operator: Operator;
  matched: boolean;
  /** The event's value (strings cut to 200 chars, arrays/objects summarised), absent when missing. */
  actual?: Scalar | null;
  reason?: LeafMissReason;
}

/** Result of evaluating a condition tree against one event. */
export interface EvaluationResult {
  matched: boolean;
  trace: LeafTrace[];
}

/** Bounds on what a tenant may save, so evaluation stays cheap and a stored rule stays small. */
export const CONDITION_LIMITS = {
  /** Nesting of groups (`all`/`any`/`not`) counted from the root. */
  maxDepth: 6,
  /** Leaves in one rule. */
  maxLeaves: 100,
  /** Entries of one `all`/`any` group. */
  maxChildren: 100,
  /** Entries of an `in` list. */
  maxInValues: 100,
  /** Characters of any string value. */
  maxStringLength: 1000,
  /** Characters of a field path. */
  maxFieldLength: 200,
} as const;
