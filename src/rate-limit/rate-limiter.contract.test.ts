import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedPortUrl } from '../cache/testing/redis.ts';
import { clusterTarget, sharedRedisCluster } from '../redis/testing/redis-servers.ts';
import { sharedLimiters } from './testing.ts';
import { TokenBucketLimiter, type RateLimiter } from './token-bucket.limiter.ts';

/** A limiter under test, and how to let time pass for it. */
interface Subject {
  readonly limiter: RateLimiter;
  /** Lets `ms` pass: a fake clock for the local limiter; a real wait for the shared one (Redis's clock). */
  readonly advance: (ms: number) => Promise<void>;
  /** Whether `takeNow` may answer undefined (the shared limiter, when only Redis can decide). */
  readonly mayDefer: boolean;
}

type Open = (t: TestContext, ratePerSecond: number, burst: number) => Promise<Subject>;

const implementations: Array<[string, Open]> = [
  [
    'local TokenBucketLimiter',
    (_t, rate, burst) => {
      let now = 0;
      const limiter = new TokenBucketLimiter(rate, burst, () => now);
      return Promise.resolve({
        limiter,
        mayDefer: false,
        advance: (ms) => Promise.resolve(void (now += ms)),
      });
    },
  ],
  [
    'shared SharedTokenBucketLimiter (real Redis)',
    async (t, rate, burst) => {
      const [limiter] = await sharedLimiters(t, 1, rate, burst);
      return { limiter: limiter!, mayDefer: true, advance: (ms) => sleep(ms) };
    },
  ],
  [
    'shared SharedTokenBucketLimiter (real Redis Cluster, 3 primaries)',
    async (t, rate, burst) => {
      const target = clusterTarget(await sharedRedisCluster());
      const [limiter] = await sharedLimiters(t, 1, rate, burst, target);
      return { limiter: limiter!, mayDefer: true, advance: (ms) => sleep(ms) };
    },
  ],
];

/** Each decision of `calls` requests for `key`, deciding synchronously when the limiter can. */
async function decisions(limiter: RateLimiter, key: string, calls: number): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < calls; i++) waits.push(limiter.takeNow(key) ?? (await limiter.take(key)));
  return waits;
}

// One suite for both limiters: the HTTP layer relies on exactly this behaviour from either.
for (const [name, open] of implementations) {
  void describe(`RateLimiter contract: ${name}`, () => {
    void it('allows the burst, then refuses with the whole seconds to wait', async (t) => {
      const { limiter } = await open(t, 0.5, 3);
      assert.deepEqual(await decisions(limiter, 'tenant-a', 3), [0, 0, 0]);
      const wait = await limiter.take('tenant-a');
      assert.ok(wait >= 1 && wait <= 2, `one token in at most 2 s at 0.5/s, told to wait ${wait} s`);
      const again = limiter.takeNow('tenant-a');
      assert.ok(again !== undefined && again >= 1, 'a refused key is refused again without asking anyone');
    });

    void it('refills at the rate, never beyond the burst', async (t) => {
      const { limiter, advance } = await open(t, 2, 2);
      assert.equal(await limiter.take('tenant-a'), 0);
      await advance(1500); // three tokens' worth of idle time on a bucket one short of full
      const afterIdle = await decisions(limiter, 'tenant-a', 3);
      assert.deepEqual(
        afterIdle.map(Boolean),
        [false, false, true],
        'idle time refills up to the burst only',
      );
      await advance(600);
      assert.equal(await limiter.take('tenant-a'), 0, 'a token back after half a second at 2/s');
    });

    void it('keeps keys apart: one key spending its burst leaves another untouched', async (t) => {
      const { limiter } = await open(t, 0.5, 2);
      assert.deepEqual((await decisions(limiter, 'tenant-a', 3)).map(Boolean), [false, false, true]);
      assert.deepEqual((await decisions(limiter, 'tenant-b', 3)).map(Boolean), [false, false, true]);
    });

    void it('takeNow decides like take, deferring (undefined) only where the limiter must ask Redis', async (t) => {
      const { limiter, mayDefer } = await open(t, 0.5, 2);
      const first = limiter.takeNow('tenant-a');
      if (mayDefer) assert.equal(first, undefined, 'a key never seen here needs its lease from Redis');
      else assert.equal(first, 0);
      const rest = await decisions(limiter, 'tenant-a', first === undefined ? 3 : 2);
      assert.deepEqual(rest.map(Boolean), first === undefined ? [false, false, true] : [false, true]);
    });

    void it('concurrent requests of one key get the whole burst and no more', async (t) => {
      const { limiter } = await open(t, 1, 150);
      const waits = await Promise.all(Array.from({ length: 200 }, () => limiter.take('tenant-a')));
      assert.equal(waits.filter((wait) => wait === 0).length, 150);
      assert.ok(waits.every((wait) => wait === 0 || wait >= 1));
    });
  });
}

void describe('RateLimiter contract: shared limiter with Redis down', () => {
  void it('falls back to per-process buckets with the same contract', async (t) => {
    const [a, b] = await sharedLimiters(t, 2, 0.5, 3, await closedPortUrl());
    assert.deepEqual((await decisions(a!, 'tenant-a', 4)).map(Boolean), [false, false, false, true]);
    assert.notEqual(a!.takeNow('tenant-a'), undefined, 'decided without Redis');
    assert.deepEqual((await decisions(b!, 'tenant-a', 4)).map(Boolean), [false, false, false, true]);
    assert.deepEqual((await decisions(a!, 'tenant-b', 2)).map(Boolean), [false, false]);
  });
});
