import type { Config } from '../config.ts';
import { redisTokenBuckets, type RedisConnection } from '../redis/index.ts';
import { SharedTokenBucketLimiter } from './shared-token-bucket.limiter.ts';
import { TokenBucketLimiter, type RateLimiter } from './token-bucket.limiter.ts';

/** The limiters of the HTTP layer. */
export interface RateLimiters {
  /** Requests per tenant. */
  readonly requests: RateLimiter;
  /** Failed authentications per client address. */
  readonly failedAuth: RateLimiter;
  /** Wrong passwords per account (email). */
  readonly failedLogins: RateLimiter;
}

type LimitSettings = Pick<
  Config,
  | 'cachePrefix'
  | 'rateLimitPerSecond'
  | 'rateLimitBurst'
  | 'authFailuresPerMinute'
  | 'authFailureBurst'
  | 'loginFailuresPerMinute'
  | 'loginFailureBurst'
>;

/** Limiters shared by every process over `redis` (falling back per process while it is out), or local ones. */
export function createRateLimiters(redis: RedisConnection | undefined, config: LimitSettings): RateLimiters {
  const buckets = redis && redisTokenBuckets(redis);
  const bucketLimiter = (keyPrefix: string, ratePerSecond: number, burst: number): RateLimiter =>
    buckets
      ? new SharedTokenBucketLimiter(buckets, keyPrefix, ratePerSecond, burst)
      : new TokenBucketLimiter(ratePerSecond, burst);
  return {
    requests: bucketLimiter(config.cachePrefix, config.rateLimitPerSecond, config.rateLimitBurst),
    failedAuth: bucketLimiter(
      `${config.cachePrefix}:auth-failures`,
      config.authFailuresPerMinute / 60,
      config.authFailureBurst,
    ),
    failedLogins: bucketLimiter(
      `${config.cachePrefix}:login-failures`,
      config.loginFailuresPerMinute / 60,
      config.loginFailureBurst,
    ),
  };
}
