import {
  assertValidEvent,
  TenantHandlers,
  type DomainEvent,
  type EventBus,
  type EventHandler,
} from './event-bus.ts';

/** Event bus inside one process (embedded default, no Redis): delivery on the next tick, nothing stored. */
export class InProcessEventBus implements EventBus {
  readonly #handlers: TenantHandlers;

  constructor(onHandlerError: (err: unknown) => void = () => {}) {
    this.#handlers = new TenantHandlers(onHandlerError);
  }

  publish(event: DomainEvent): Promise<void> {
    try {
      assertValidEvent(event);
    } catch (err) {
      return Promise.reject(err);
    }
    // asynchronous like the Redis bus, so a publisher never runs subscriber code inside its transaction
    setImmediate(() => this.#handlers.deliver(event));
    return Promise.resolve();
  }

  subscribe(tenantId: string, handler: EventHandler): () => void {
    this.#handlers.add(tenantId, handler);
    return () => void this.#handlers.remove(tenantId, handler);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
