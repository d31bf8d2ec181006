import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { classifyHttpStatus, parseRetryAfter } from './webhook.outcome.ts';

const now = new Date('2025-06-01T12:00:00Z');

void describe('classifyHttpStatus', () => {
  void it('retries 408, 425, 429 and 5xx; not other 4xx or 3xx; 410 means the endpoint is gone', () => {
    const retryable = [408, 425, 429, 500, 502, 503, 504].map(classifyHttpStatus);
    assert.deepEqual(new Set(retryable), new Set(['retryable']));
    const permanent = [301, 302, 400, 401, 403, 404, 422].map(classifyHttpStatus);
    assert.deepEqual(new Set(permanent), new Set(['permanent']));
    assert.equal(classifyHttpStatus(410), 'gone');
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
