import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';

/** A connection to Redis (the ioredis client; other modules name it by this type, never by ioredis). */
export type RedisClient = Redis;

/** Role of a connection: commands fail fast; a subscriber queues its SUBSCRIBEs until connected. */
export type ConnectionRole = 'commands' | 'subscriber';

/**
 * An ioredis connection that never makes a request wait for Redis: commands are not queued while
 * disconnected and time out after `commandTimeoutMs`; reconnection retries forever with capped backoff.
 */
export function connectRedis(
  url: string,
  role: ConnectionRole,
  options: { commandTimeoutMs: number; logger: Logger; name: string },
): RedisClient {
  const commands = role === 'commands';
  const redis = new Redis(url, {
    connectionName: options.name,
    enableOfflineQueue: !commands,
    maxRetriesPerRequest: commands ? 0 : null,
    commandTimeout: commands ? options.commandTimeoutMs : undefined,
    connectTimeout: 2000,
    enableAutoPipelining: commands,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000),
  });
  let lastError = '';
  // Without a listener ioredis prints every connection error; log each distinct error once per outage
  redis.on('error', (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    options.logger.warn({ err, connection: options.name }, 'redis connection error');
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

/** Closes a connection without waiting on an unreachable server. */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}

/** Resolves true once the connection is ready, false after `timeoutMs`. */
export function waitReady(redis: RedisClient, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}
