import type { RedisConnection } from '../redis/index.ts';
import type { Logger } from '../shared/logger.ts';
import type { EventBus } from './event-bus.ts';
import { InProcessEventBus } from './in-process-event-bus.ts';
import { RedisEventBus } from './redis-event-bus.ts';

/** The Redis bus when `redis` is given (keys and channels under `keyPrefix`), else the in-process one. */
export async function createEventBus(options: {
  redis?: RedisConnection;
  keyPrefix?: string;
  /** Redis only: approximate events kept per tenant stream, and seconds an idle tenant's stream lives. */
  maxLen?: number;
  ttlSeconds?: number;
  logger?: Logger;
}): Promise<EventBus> {
  if (options.redis === undefined) {
    return new InProcessEventBus((err) => options.logger?.warn({ err }, 'event handler failed'));
  }
  return RedisEventBus.create({
    redis: options.redis,
    keyPrefix: options.keyPrefix,
    maxLen: options.maxLen,
    ttlSeconds: options.ttlSeconds,
    logger: options.logger,
  });
}
