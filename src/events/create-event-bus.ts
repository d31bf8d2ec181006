import type { CacheLogger } from '../cache/index.ts';
import type { EventBus } from './event-bus.ts';
import { InProcessEventBus } from './in-process-event-bus.ts';
import { RedisEventBus } from './redis-event-bus.ts';

/** The Redis bus when `redisUrl` is set (keys and channels under `keyPrefix`), else the in-process one. */
export async function createEventBus(options: {
  redisUrl?: string;
  keyPrefix?: string;
  /** Redis only: approximate events kept per tenant stream, and seconds an idle tenant's stream lives. */
  maxLen?: number;
  ttlSeconds?: number;
  logger?: CacheLogger;
}): Promise<EventBus> {
  if (options.redisUrl === undefined) {
    return new InProcessEventBus((err) => options.logger?.warn({ err }, 'event handler failed'));
  }
  return RedisEventBus.create({
    redisUrl: options.redisUrl,
    keyPrefix: options.keyPrefix,
    maxLen: options.maxLen,
    ttlSeconds: options.ttlSeconds,
    logger: options.logger,
  });
}
