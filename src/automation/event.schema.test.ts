import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventTooLargeError, InvalidEventError } from './automation.errors.ts';
import { CUSTOM_EVENT_LIMITS, validateCustomEvent } from './event.schema.ts';

function pathOf(input: unknown): string {
  try {
    validateCustomEvent(input);
  } catch (error) {
    assert.ok(error instanceof InvalidEventError);
    assert.equal(error.statusCode, 422);
    return String(error.details?.path);
  }
  assert.fail('accepted');
}

void describe('validateCustomEvent', () => {
  void it('accepts custom:<name> with object data and an optional idempotency key', () => {
    assert.deepEqual(validateCustomEvent({ type: 'custom:invoice_paid', data: { amount: 5 } }), {
      type: 'custom:invoice_paid',
      data: { amount: 5 },
    });
    assert.deepEqual(validateCustomEvent({ type: 'custom:x', idempotency_key: 'k1' }), {
      type: 'custom:x',
      data: {},
      idempotency_key: 'k1',
    });
  });

  void it('refuses a tenant_id in the body, built-in or malformed types, and bad data', () => {
    assert.equal(pathOf({ type: 'custom:x', tenant_id: 'other' }), 'tenant_id');
    assert.equal(pathOf({ type: 'file_uploaded', data: {} }), 'type');
    assert.equal(pathOf({ type: 'custom:Bad Name' }), 'type');
    assert.equal(pathOf({ type: 'custom:x', data: [1] }), 'data');
    assert.equal(
      pathOf({ type: 'custom:x', data: JSON.parse('{"a": {"__proto__": {"x": 1}}}') as unknown }),
      'data.a.__proto__',
    );
    let deep: unknown = 1;
    for (let i = 0; i < CUSTOM_EVENT_LIMITS.maxDepth + 1; i++) deep = { d: deep };
    assert.match(pathOf({ type: 'custom:x', data: deep }), /^data(\.d)+$/);
    assert.equal(pathOf({ type: 'custom:x', idempotency_key: '' }), 'idempotency_key');
  });

  void it('refuses data larger than the byte limit with 413 naming the limit', () => {
    const big = { type: 'custom:x', data: { big: 'x'.repeat(CUSTOM_EVENT_LIMITS.maxBytes) } };
    assert.throws(
      () => validateCustomEvent(big),
      (error: unknown) =>
        error instanceof EventTooLargeError &&
        error.statusCode === 413 &&
        error.code === 'EVENT_TOO_LARGE' &&
        error.message.includes(`limit is ${CUSTOM_EVENT_LIMITS.maxBytes} bytes`),
    );
    const small = { type: 'custom:x', data: { s: 'x'.repeat(100) } };
    assert.throws(() => validateCustomEvent(small, 100), EventTooLargeError);
    assert.equal(validateCustomEvent(small, 200).type, 'custom:x');
  });
});
