import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SharedTokenBucketLimiter } from './shared-token-bucket.limiter.ts';
import { sharedLimiters as processes } from './testing.ts';

/** Takes one token per call, alternating between limiters; counts the allowed ones. */
async function allowedOf(limiters: SharedTokenBucketLimiter[], calls: number, key = 'tenant-a') {
  let allowed = 0;
  for (let i = 0; i < calls; i++) {
    const limiter = limiters[i % limiters.length]!;
    if ((await limiter.take(key)) === 0) allowed++;
  }
  return allowed;
}

// The contract both limiters share is in rate-limiter.contract.test.ts; these are the shared one's own.
void describe('SharedTokenBucketLimiter (real Redis)', () => {
  void it('two processes share one burst: 4 of 10 quick requests pass, not 4 in each', async (t) => {
    const [a, b] = await processes(t, 2, 1, 4);
    const started = Date.now();
    const allowed = await allowedOf([a!, b!], 10);
    const refilled = Math.floor((Date.now() - started) / 1000); // one token per second
    assert.ok(allowed >= 4 && allowed <= 4 + refilled, `allowed ${allowed}`);
    const wait = await a!.take('tenant-a');
    assert.ok(wait >= 1, 'a denied request says how long to wait');
  });

  void it('tenants have separate buckets', async (t) => {
    const [a, b] = await processes(t, 2, 1, 2);
    assert.equal(await allowedOf([a!, b!], 4, 'tenant-a'), 2);
    assert.equal(await allowedOf([a!, b!], 4, 'tenant-b'), 2);
  });

  void it('at a high rate, leases are spent without a round trip and the shared limit still holds', async (t) => {
    const [a, b] = await processes(t, 2, 2000, 4000);
    const started = Date.now();
    let decidedLocally = 0;
    let allowed = 0;
    for (let i = 0; i < 10_000; i++) {
      const limiter = i % 2 === 0 ? a! : b!;
      const now = limiter.takeNow('tenant-a');
      if (now !== undefined) decidedLocally++;
      if ((now ?? (await limiter.take('tenant-a'))) === 0) allowed++;
    }
    const elapsedSeconds = (Date.now() - started) / 1000;
    const lease = 40; // min(rate / 50, burst / 10)
    assert.ok(allowed >= 4000 - 2 * lease, `allowed ${allowed}`);
    assert.ok(
      allowed <= 4000 + elapsedSeconds * 2000 + 2 * lease,
      `allowed ${allowed} in ${elapsedSeconds} s`,
    );
    assert.ok(decidedLocally > 5000, `only ${decidedLocally} of 10000 decided without waiting`);
  });
});
