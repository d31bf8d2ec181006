// fast-check arbitraries of hostile requests, derived from the OpenAPI document's operations: odd path and
// query values, headers, and bodies that are wrong-typed, huge, deeply nested, padded with unknown fields,
// not JSON at all, or sent as another content type.
import fc from 'fast-check';
import type { Operation } from './api-surface.ts';

type Json = Record<string, unknown>;

/** Values that break parsers, lookups and bounds checks, as text. */
export const ODD_TEXT = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '..',
    '../../etc/passwd',
    '%',
    '%00',
    '%ZZ',
    '\u0000',
    '\uffff',
    '\ud800',
    "'; DROP TABLE files; --",
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '9'.repeat(400),
    '__proto__',
    'constructor',
  ),
  fc.uuid(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constant('x'.repeat(9000)),
);

/** A long string value (100 kB), built once. */
const LONG_FIELD = 'x'.repeat(100_000);

/** A plausible value for `schema` (required fields, first alternative, minimum sizes). */
export function sampleOf(schema: Json | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  const alternatives = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (alternatives && !schema.type) return sampleOf(alternatives[0], depth + 1);
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, sampleOf(v, depth + 1)]));
    }
    case 'array':
      return Array.from({ length: Math.max(1, Number(schema.minItems ?? 1)) }, () =>
        sampleOf(schema.items as Json, depth + 1),
      );
    case 'string':
      return schema.format === 'uuid'
        ? '0190a3a4-0000-7000-8000-000000000000'
        : 'a'.repeat(Number(schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return Number(schema.minimum ?? 1);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** Nesting `depth` levels deep, as JSON text (too deep for a recursive walk if the server tried one). */
function deepJson(depth: number, open: string, close: string): string {
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

/** A JSON value with one field of the sample replaced by a wrong-typed or odd value. */
function mutatedSample(sample: unknown): fc.Arbitrary<unknown> {
  if (typeof sample !== 'object' || sample === null || Array.isArray(sample))
    return fc.oneof(fc.jsonValue(), fc.constant(sample));
  const keys = Object.keys(sample);
  const replacement = fc.oneof(fc.jsonValue({ maxDepth: 3 }), ODD_TEXT, fc.constant(null), fc.constant([]));
  return fc.oneof(
    keys.length === 0
      ? fc.constant(sample)
      : fc
          .record({ key: fc.constantFrom(...keys), value: replacement })
          .map(({ key, value }) => ({ ...sample, [key]: value })),
    fc
      .record({ key: fc.oneof(ODD_TEXT, fc.constant('__proto__')), value: replacement })
      .map(({ key, value }) => ({ ...sample, [key]: value })),
  );
}

/** JSON texts that are too deep, too big, duplicated, truncated or polluting; built once. */
const MALFORMED_JSON = fc.constantFrom(
  deepJson(5000, '[', ']'),
  deepJson(3000, '{"a":', '}'),
  '{"a":1,"a":2}',
  '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}',
  '{',
  '',
  'null',
  '"\\ud800"',
  '{"x":"\\u0000"}',
  '1e99999',
  JSON.stringify({ s: 'y'.repeat(2_000_000) }),
);

/** A request body as bytes with the content type it is sent under. */
export interface FuzzBody {
  payload: string | Buffer | undefined;
  contentType: string | undefined;
}

/** Hostile bodies for `op`. */
export function bodyOf(op: Operation): fc.Arbitrary<FuzzBody> {
  const sample = sampleOf(op.bodySchema);
  const json = fc.oneof(
    fc.constant(sample),
    mutatedSample(sample),
    fc.jsonValue({ maxDepth: 4 }),
    fc.constant({ ...(sample as Json), unknown_field: LONG_FIELD }),
  );
  const text = fc.oneof(
    json.map((value) => JSON.stringify(value) ?? 'null'),
    MALFORMED_JSON,
    fc.string({ maxLength: 200 }),
  );
  return fc.record({
    payload: fc.oneof(
      { weight: 6, arbitrary: text },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=zz',
      'application/octet-stream',
      'application/merge-patch+json',
      undefined,
    ),
  });
}

/** Extra headers: odd accept, conditional, idempotency, encoding, CSRF and proxy headers. */
export const oddHeaders = fc.dictionary(
  fc.constantFrom(
    'accept',
    'accept-encoding',
    'if-none-match',
    'if-modified-since',
    'idempotency-key',
    'x-csrf-token',
    'x-request-id',
    'x-forwarded-for',
    'range',
    'origin',
    'content-encoding',
  ),
  fc.oneof(
    fc.constantFrom(
      '*/*',
      'text/html',
      'application/xml',
      'gzip',
      'br, deflate',
      'bytes=0-0',
      'W/"x"',
      'identity',
    ),
    fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  ),
  { maxKeys: 3 },
);
