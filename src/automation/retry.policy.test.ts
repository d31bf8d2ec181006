import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { backoffDelayMs, classifyFailure, decideRetry, parseRetryAfter } from './retry.policy.ts';

const now = new Date('2025-06-01T12:00:00Z');
const max = () => 0.999999;

void describe('classifyFailure', () => {
  void it('retries network errors, timeouts, 408, 425, 429 and 5xx; not other 4xx, 3xx or flagged errors; 410 disables', () => {
    const retryable = [408, 425, 429, 500, 502, 503, 504].map((status) =>
      classifyFailure({ ok: false, status }),
    );
    assert.deepEqual(new Set(retryable), new Set(['retryable']));
    const permanent = [301, 302, 400, 401, 403, 404, 422].map((status) =>
      classifyFailure({ ok: false, status }),
    );
    assert.deepEqual(new Set(permanent), new Set(['permanent']));
    assert.equal(classifyFailure({ ok: false, status: 410 }), 'disable_endpoint');
    assert.equal(
      classifyFailure({ ok: false, status: null, error: { code: 'TIMEOUT', permanent: false } }),
      'retryable',
    );
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
    assert.deepEqual(decideRetry(1, { ok: true, status: 200 }), { action: 'done' });
    assert.deepEqual(decideRetry(1, { ok: false, status: 404 }), { action: 'dead', reason: 'permanent' });
    assert.deepEqual(decideRetry(1, { ok: false, status: 410 }), { action: 'disable_endpoint' });
  });

  void it('retries until the last attempt, then is dead', () => {
    const outcome = { ok: false, status: 500 };
    assert.equal(decideRetry(2, outcome, { maxAttempts: 3 }).action, 'retry');
    assert.deepEqual(decideRetry(3, outcome, { maxAttempts: 3 }), {
      action: 'dead',
      reason: 'attempts_exhausted',
    });
  });

  void it("waits at least as long as the server's Retry-After, within the cap", () => {
    const opts = { baseDelayMs: 1000, random: () => 0 };
    assert.deepEqual(decideRetry(1, { ok: false, status: 429, retryAfterMs: 120_000 }, opts), {
      action: 'retry',
      delayMs: 120_000,
    });
    assert.deepEqual(
      decideRetry(1, { ok: false, status: 429, retryAfterMs: 1e12 }, { ...opts, maxDelayMs: 3_600_000 }),
      {
        action: 'retry',
        delayMs: 3_600_000,
      },
    );
    assert.deepEqual(
      decideRetry(3, { ok: false, status: 503, retryAfterMs: 10 }, { baseDelayMs: 1000, random: max }),
      {
        action: 'retry',
        delayMs: 3999,
      },
    );
  });
});

void describe('parseRetryAfter', () => {
  void it('reads delta-seconds and HTTP-dates, ignoring junk', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 12:01:30 GMT', now), 90_000);
    assert.equal(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
    assert.equal(parseRetryAfter('1.5', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });
});
