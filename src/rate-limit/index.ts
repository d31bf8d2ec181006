// Public surface of the rate limits: per-key token buckets, local or shared over Redis.
export { createRateLimiters, type RateLimiters } from './rate-limit.module.ts';
export { TokenBucketLimiter, type RateLimiter } from './token-bucket.limiter.ts';
export { SharedTokenBucketLimiter } from './shared-token-bucket.limiter.ts';
