import type { TestContext } from 'node:test';
import { openRedis, redisTokenBuckets, type RedisTarget } from '../redis/index.ts';
import { randomPrefix, testRedisUrl } from '../cache/testing/redis.ts';
import { SharedTokenBucketLimiter } from './shared-token-bucket.limiter.ts';

/**
 * `count` processes' shared limiters over one Redis under a fresh key prefix, each with its own connection
 * and circuit as separate processes have; closed after the test.
 */
export async function sharedLimiters(
  t: Pick<TestContext, 'after'>,
  count: number,
  rate: number,
  burst: number,
  target: string | RedisTarget = testRedisUrl,
): Promise<SharedTokenBucketLimiter[]> {
  const prefix = randomPrefix('ratelimit');
  const redis = typeof target === 'string' ? { url: target } : target;
  const connections = Array.from({ length: count }, () => openRedis(redis));
  t.after(() => Promise.all(connections.map((redis) => redis.close())));
  await Promise.all(connections.map((redis) => redis.whenReady(1000)));
  return connections.map(
    (redis) => new SharedTokenBucketLimiter(redisTokenBuckets(redis), prefix, rate, burst),
  );
}
