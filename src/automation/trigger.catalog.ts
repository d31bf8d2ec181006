/** The value types a documented event field carries; `any` is only used for custom events' free `data.*`. */
export const FIELD_TYPES = ['string', 'number', 'boolean', 'string_array', 'any'] as const;

/** One of {@link FIELD_TYPES}. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** The five built-in triggers, emitted by the platform (or by the scheduler) after commit. */
export const BUILTIN_TRIGGER_TYPES = [
  'file_uploaded',
  'analysis_completed',
  'cost_estimated',
  'scheduled',
  'threshold_exceeded',
] as const;

/** One of the built-in triggers. */
export type BuiltinTriggerType = (typeof BUILTIN_TRIGGER_TYPES)[number];

/** A tenant-submitted event type (`POST /api/events`), e.g. `custom:invoice_paid`. */
export type CustomTriggerType = `custom:${string}`;

/** Any trigger a rule can listen to. */
export type TriggerType = BuiltinTriggerType | CustomTriggerType;

/** Metrics a `threshold_exceeded` rule can watch. */
export const THRESHOLD_METRICS = [
  'estimate_total',
  'file_size_bytes',
  'files_this_month',
  'storage_used_bytes',
] as const;

/** One of the watchable metrics. */
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

/** Allowed shape of a field name segment and of the `<name>` in `custom:<name>`. */
export const NAME_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const CUSTOM_TYPE = /^custom:[a-z0-9][a-z0-9_.-]{0,63}$/;

/** Segments never accepted in a field path, whatever the trigger: they reach the object prototype. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Longest field path (in segments) a custom event's `data.*` may be addressed with. */
export const MAX_FIELD_SEGMENTS = 8;

type Catalog = Readonly<Record<string, FieldType>>;

const FILE_FIELDS: Catalog = {
  'file.id': 'string',
  'file.filename': 'string',
  'file.size_bytes': 'number',
  'file.format': 'string',
  'file.status': 'string',
  'file.content_type': 'string',
  'file.uploaded_at': 'string',
  'file.tags': 'string_array',
  'file.status_label': 'string',
};

const MATERIAL_FIELDS: Catalog = {
  'materials.*.quantity': 'number',
  'materials.*.unit': 'string',
};

/** Documented fields per built-in trigger; `*` stands for one dynamic name segment (e.g. a material). */
export const TRIGGER_FIELDS: Readonly<Record<BuiltinTriggerType, Catalog>> = {
  file_uploaded: FILE_FIELDS,
  analysis_completed: {
    ...FILE_FIELDS,
    ...MATERIAL_FIELDS,
    'analysis.id': 'string',
    'analysis.status': 'string',
    'analysis.duration_ms': 'number',
    'analysis.warnings': 'string_array',
    'analysis.totals.*': 'number',
    'elements.walls': 'number',
    'elements.slabs': 'number',
    'elements.openings': 'number',
    'elements.fixtures': 'number',
    'elements.total': 'number',
  },
  cost_estimated: {
    ...FILE_FIELDS,
    ...MATERIAL_FIELDS,
    'materials.*.cost': 'number',
    'estimate.id': 'string',
    'estimate.total': 'number',
    'estimate.material_cost': 'number',
    'estimate.labor_cost': 'number',
    'estimate.currency': 'string',
    'estimate.location': 'string',
  },
  scheduled: {
    'schedule.cron': 'string',
    'schedule.timezone': 'string',
    fired_at: 'string',
  },
  threshold_exceeded: {
    metric: 'string',
    value: 'number',
    threshold: 'number',
    previous_value: 'number',
    direction: 'string',
  },
};

/**
 * The seed's names for fields of file events (its `files` columns, read flat from the event), accepted in
 * conditions and rewritten to the documented name when a rule is saved.
 */
const FILE_ALIASES: Readonly<Record<string, string>> = {
  file_id: 'file.id',
  filename: 'file.filename',
  file_size: 'file.size_bytes',
  status: 'file.status',
  created_at: 'file.uploaded_at',
};

/** Accepted alternative names per built-in trigger: alias → documented field. */
export const FIELD_ALIASES: Readonly<Record<BuiltinTriggerType, Readonly<Record<string, string>>>> = {
  file_uploaded: FILE_ALIASES,
  analysis_completed: FILE_ALIASES,
  cost_estimated: FILE_ALIASES,
  scheduled: {},
  threshold_exceeded: {},
};

/** True for the five built-in trigger names. */
export function isBuiltinTrigger(type: string): type is BuiltinTriggerType {
  return (BUILTIN_TRIGGER_TYPES as readonly string[]).includes(type);
}

/** True for a well-formed trigger name: built-in or `custom:<name>` (lowercase, ≤ 64 chars). */
export function isTriggerType(type: unknown): type is TriggerType {
  return typeof type === 'string' && (isBuiltinTrigger(type) || CUSTOM_TYPE.test(type));
}

/** True when events of this trigger are about one file (so file actions such as `update_database` apply). */
export function triggerHasFile(type: TriggerType): boolean {
  return type === 'file_uploaded' || type === 'analysis_completed' || type === 'cost_estimated';
}

/** A field of a trigger's events: its documented name (an alias resolved) and its type. */
export type ResolvedField = { ok: true; field: string; type: FieldType } | { ok: false; reason: string };

/**
 * The documented name and type of `field` (or of the field it is an alias of) in events of `trigger`,
 * or a reason it is not a field there. Segments must be plain names; prototype-reaching names are refused.
 */
export function resolveField(trigger: TriggerType, field: string): ResolvedField {
  const segments = field.split('.');
  for (const segment of segments) {
    if (FORBIDDEN_SEGMENTS.has(segment)) return { ok: false, reason: `segment '${segment}' is not allowed` };
    if (!NAME_SEGMENT.test(segment)) return { ok: false, reason: `segment '${segment}' is not a plain name` };
  }
  if (!isBuiltinTrigger(trigger)) {
    if (segments[0] !== 'data' || segments.length < 2) {
      return { ok: false, reason: 'custom event fields are addressed as data.<name>' };
    }
    if (segments.length > MAX_FIELD_SEGMENTS) {
      return { ok: false, reason: `at most ${MAX_FIELD_SEGMENTS} segments` };
    }
    return { ok: true, field, type: 'any' };
  }
  const catalog = TRIGGER_FIELDS[trigger];
  const aliased = Object.hasOwn(FIELD_ALIASES[trigger], field) ? FIELD_ALIASES[trigger][field] : undefined;
  const name = aliased ?? field;
  const exact = Object.hasOwn(catalog, name) ? catalog[name] : undefined;
  if (exact !== undefined) return { ok: true, field: name, type: exact };
  for (const [pattern, type] of Object.entries(catalog)) {
    if (pattern.includes('*') && matchesPattern(pattern.split('.'), segments))
      return { ok: true, field, type };
  }
  return { ok: false, reason: `unknown field for trigger '${trigger}'` };
}

function matchesPattern(pattern: readonly string[], segments: readonly string[]): boolean {
  return pattern.length === segments.length && pattern.every((p, i) => p === '*' || p === segments[i]);
}
