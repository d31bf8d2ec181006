// Public surface of the events module.
export { type DomainEvent, type EventBus, type EventHandler } from './event-bus.ts';
export { MalformedEventError } from './events.errors.ts';
export { InProcessEventBus } from './in-process-event-bus.ts';
export { RedisEventBus, type RedisEventBusOptions } from './redis-event-bus.ts';
export {
  SSE_HEADERS,
  formatSse,
  formatSseHeartbeat,
  streamTenantEvents,
  type SseSink,
  type StreamOptions,
} from './sse.ts';
export { createEventBus } from './create-event-bus.ts';
