import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { openRedis, type RedisTarget } from '../../redis/index.ts';
import { createCache, type AppCache, type CreateCacheOptions } from '../app-cache.ts';

/** The Redis used by tests (shared: always combine with `randomPrefix`). */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Host and port of `testRedisUrl`. */
export function testRedisTarget(): { host: string; port: number } {
  const url = new URL(testRedisUrl);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

/** A fresh key/channel prefix so parallel tests and other users of the Redis never collide. */
export function randomPrefix(label: string): string {
  return `test:${label}:${randomBytes(6).toString('hex')}`;
}

/** A `redis://` URL to a local port nobody listens on (bound then released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `redis://127.0.0.1:${address.port}`;
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last result. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Options of `createTestCache`: the Redis the cache gets its own connection to, instead of a connection. */
export type TestCacheOptions = Omit<CreateCacheOptions, 'redis'> & {
  readonly redisUrl?: string;
  /** Instead of `redisUrl`: a Sentinel or Cluster topology. */
  readonly redisTarget?: RedisTarget;
  readonly circuitBreakMs?: number;
};

/** A cache with its own Redis connection (as each process has one), both closed by the cache's `close`. */
export async function createTestCache(options: TestCacheOptions): Promise<AppCache> {
  const { redisUrl, redisTarget, circuitBreakMs, ...cacheOptions } = options;
  const target = redisTarget ?? (redisUrl === undefined ? undefined : { url: redisUrl });
  const redis = target && openRedis({ ...target, circuitBreakMs });
  const cache = await createCache({ ...cacheOptions, redis });
  const closeCache = cache.close.bind(cache);
  cache.close = async () => {
    await closeCache();
    await redis?.close();
  };
  return cache;
}
