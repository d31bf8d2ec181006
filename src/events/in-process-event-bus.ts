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
    // a throw inside the executor becomes the rejection, as with the async Redis bus
    return new Promise((resolve) => {
      assertValidEvent(event);
      // asynchronous delivery, so a publisher never runs subscriber code inside its transaction
      setImmediate(() => this.#handlers.deliver(event));
      resolve();
    });
  }

  subscribe(tenantId: string, handler: EventHandler): () => void {
    this.#handlers.add(tenantId, handler);
    return () => void this.#handlers.remove(tenantId, handler);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
