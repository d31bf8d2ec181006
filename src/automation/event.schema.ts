import { EventTooLargeError, InvalidEventError } from './automation.errors.ts';
import type { Causation } from './causation.policy.ts';
import { isPlainObject } from './condition.validator.ts';
import {
  FORBIDDEN_SEGMENTS,
  isBuiltinTrigger,
  isTriggerType,
  type CustomTriggerType,
  type TriggerType,
} from './trigger.catalog.ts';

/** An event as rules see it. The tenant always comes from authentication or the emitting service, never from input. */
export interface AutomationEvent {
  id: string;
  tenant_id: string;
  type: TriggerType;
  /** ISO-8601 instant. */
  occurred_at: string;
  /** Built-in events: the documented fields (`file.*`, `materials.*` …); custom events: the tenant's payload. */
  data: Record<string, unknown>;
  causation: Causation;
}

/** Limits on a tenant-submitted event's `data` (`maxBytes` is the default of EVENT_MAX_BYTES). */
export const CUSTOM_EVENT_LIMITS = { maxBytes: 16 * 1024, maxDepth: 8 } as const;

/** A checked `POST /api/events` body. */
export interface CustomEventInput {
  type: CustomTriggerType;
  data: Record<string, unknown>;
  idempotency_key?: string;
}

/**
 * Checks a tenant-submitted event: `custom:<name>` type, JSON object data within depth limits and
 * `maxBytes` (else `EventTooLargeError`), no prototype-reaching keys. Any `tenant_id` in the body is refused.
 */
export function validateCustomEvent(
  input: unknown,
  maxBytes: number = CUSTOM_EVENT_LIMITS.maxBytes,
): CustomEventInput {
  if (!isPlainObject(input)) throw new InvalidEventError('body', 'an event must be a JSON object');
  const extra = Object.keys(input).find((k) => k !== 'type' && k !== 'data' && k !== 'idempotency_key');
  if (extra !== undefined)
    throw new InvalidEventError(extra, 'unknown property (the tenant comes from authentication)');
  const { type, data = {}, idempotency_key } = input;
  if (typeof type !== 'string' || !isTriggerType(type) || isBuiltinTrigger(type)) {
    throw new InvalidEventError('type', 'must be custom:<name> (lowercase letters, digits, _ . -)');
  }
  if (!isPlainObject(data)) throw new InvalidEventError('data', 'must be a JSON object');
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > maxBytes) throw new EventTooLargeError(bytes, maxBytes);
  checkKeys(data, 'data', 1);
  if (
    idempotency_key !== undefined &&
    (typeof idempotency_key !== 'string' || idempotency_key.length === 0 || idempotency_key.length > 200)
  ) {
    throw new InvalidEventError('idempotency_key', 'must be a string of 1–200 chars');
  }
  return idempotency_key === undefined ? { type, data } : { type, data, idempotency_key };
}

function checkKeys(value: unknown, path: string, depth: number): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > CUSTOM_EVENT_LIMITS.maxDepth)
    throw new InvalidEventError(path, `nested deeper than ${CUSTOM_EVENT_LIMITS.maxDepth}`);
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkKeys(item, `${path}[${i}]`, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_SEGMENTS.has(key)) throw new InvalidEventError(`${path}.${key}`, 'key not allowed');
    checkKeys(item, `${path}.${key}`, depth + 1);
  }
}

/** What conditions are evaluated against: built-in fields at the top, custom payloads under `data.`. */
export function conditionSubject(event: Pick<AutomationEvent, 'type' | 'data'>): unknown {
  return isBuiltinTrigger(event.type) ? event.data : { data: event.data };
}
