import type { RedisConnection } from './redis.module.ts';
import type { RedisClient } from './redis-connection.ts';

/**
 * One token bucket per key in Redis, on Redis's clock. Takes up to ARGV[3] tokens; returns
 * {granted, 0} or {0, milliseconds until one token}.
 */
const TAKE_TOKENS = `
local rate, burst, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local time = redis.call('TIME')
local now = time[1] * 1000 + math.floor(time[2] / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local granted = math.min(want, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
if granted > 0 then return {granted, 0} end
return {0, math.ceil((1 - tokens) * 1000 / rate)}
`;

type TakeTokensClient = RedisClient & {
  takeTokens(key: string, rate: number, burst: number, want: number): Promise<[number, number]>;
};

/** Token buckets kept outside this process, shared by every process (what the shared limiter leases from). */
export interface SharedBuckets {
  /** False while the store is bypassed (unreachable, or failed moments ago): decide locally then. */
  available(): boolean;
  /** Takes up to `want` tokens of `key`'s bucket: `[granted, 0]` or `[0, ms until one token]`; rejects on failure. */
  take(key: string, ratePerSecond: number, burst: number, want: number): Promise<[number, number]>;
}

/** Shared buckets in Redis (one hash per key, atomic Lua), behind the connection's circuit breaker. */
export function redisTokenBuckets(redis: RedisConnection): SharedBuckets {
  const client = redis.client as TakeTokensClient;
  client.defineCommand('takeTokens', { numberOfKeys: 1, lua: TAKE_TOKENS });
  return {
    available: () => !redis.circuit.isOpen(),
    take: (key, ratePerSecond, burst, want) =>
      redis.circuit.run('rateLimit', [], () => client.takeTokens(key, ratePerSecond, burst, want)),
  };
}
