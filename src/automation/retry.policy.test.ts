import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { backoffDelayMs, classifyFailure, decideRetry } from './retry.policy.ts';

const max = () => 0.999999;

/** A failed HTTP answer as the webhook layer reports it (`permanent` from its status classification). */
const answered = (permanent: boolean) => ({ ok: false, error: { code: 'HTTP_STATUS', permanent } });
const gone = { ...answered(true), endpointGone: true };

void describe('classifyFailure', () => {
  void it('retries failures not flagged permanent (network errors, timeouts, retryable statuses); 410 Gone disables', () => {
    assert.equal(classifyFailure(answered(false)), 'retryable');
    assert.equal(classifyFailure(answered(true)), 'permanent');
    assert.equal(classifyFailure(gone), 'disable_endpoint');
    assert.equal(classifyFailure({ ok: false, error: { code: 'TIMEOUT', permanent: false } }), 'retryable');
    assert.equal(
      classifyFailure({ ok: false, error: { code: 'NETWORK_ERROR', permanent: false } }),
      'retryable',
    );
    assert.equal(
      classifyFailure({ ok: false, error: { code: 'WEBHOOK_ADDRESS_BLOCKED', permanent: true } }),
      'permanent',
    );
  });
});

void describe('backoffDelayMs', () => {
  void it('uses full jitter under an exponentially growing, capped ceiling', () => {
    assert.equal(backoffDelayMs(1, { random: () => 0 }), 0);
    assert.equal(backoffDelayMs(1, { baseDelayMs: 1000, random: () => 0.5 }), 500);
    assert.equal(backoffDelayMs(4, { baseDelayMs: 1000, random: () => 0.5 }), 4000);
    assert.equal(backoffDelayMs(30, { baseDelayMs: 1000, maxDelayMs: 60_000, random: max }), 59_999);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelayMs(5, { baseDelayMs: 1000 })));
    assert.ok(spread.size > 10, 'delays are jittered');
  });
});

void describe('decideRetry', () => {
  void it('is done on success, dead on permanent failures, and disables the endpoint on 410', () => {
    assert.deepEqual(decideRetry(1, { ok: true }), { action: 'done' });
    assert.deepEqual(decideRetry(1, answered(true)), { action: 'dead', reason: 'permanent' });
    assert.deepEqual(decideRetry(1, gone), { action: 'disable_endpoint' });
  });

  void it('retries until the last attempt, then is dead', () => {
    const outcome = answered(false);
    assert.equal(decideRetry(2, outcome, { maxAttempts: 3 }).action, 'retry');
    assert.deepEqual(decideRetry(3, outcome, { maxAttempts: 3 }), {
      action: 'dead',
      reason: 'attempts_exhausted',
    });
  });

  void it("waits at least as long as the server's Retry-After, within the cap", () => {
    const opts = { baseDelayMs: 1000, random: () => 0 };
    assert.deepEqual(decideRetry(1, { ...answered(false), retryAfterMs: 120_000 }, opts), {
      action: 'retry',
      delayMs: 120_000,
    });
    assert.deepEqual(
      decideRetry(1, { ...answered(false), retryAfterMs: 1e12 }, { ...opts, maxDelayMs: 3_600_000 }),
      {
        action: 'retry',
        delayMs: 3_600_000,
      },
    );
    assert.deepEqual(
      decideRetry(3, { ...answered(false), retryAfterMs: 10 }, { baseDelayMs: 1000, random: max }),
      {
        action: 'retry',
        delayMs: 3999,
      },
    );
  });
});
