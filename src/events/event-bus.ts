import { MalformedEventError } from './events.errors.ts';

/** A domain event, always owned by one tenant. */
export interface DomainEvent<D = unknown> {
  /** e.g. `file.uploaded`, `analysis.completed`: lowercase, dots/underscores/dashes. */
  readonly type: string;
  readonly tenantId: string;
  /** Unique id (UUIDv7); also the SSE event id. */
  readonly id: string;
  /** ISO-8601 timestamp. */
  readonly occurredAt: string;
  readonly data: D;
  /** Id of the event that caused this one (automation chains). */
  readonly causation?: string;
}

/** Receives the events of one tenant. */
export type EventHandler = (event: DomainEvent) => void;

/** Publishes domain events and delivers them live to subscribers of the event's tenant only. */
export interface EventBus {
  /** Appends and fans out; never fails because an accelerator (Redis) is down. */
  publish(event: DomainEvent): Promise<void>;
  /** Delivers events of `tenantId` published from now on; returns the unsubscribe function. */
  subscribe(tenantId: string, handler: EventHandler): () => void;
  close(): Promise<void>;
}

const TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;
const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws `MalformedEventError` unless the event can be stored and routed safely. */
export function assertValidEvent(event: DomainEvent): void {
  if (!TYPE.test(event.type))
    throw new MalformedEventError(`invalid event type ${JSON.stringify(event.type)}`);
  if (!TENANT_ID.test(event.tenantId)) throw new MalformedEventError('invalid tenant id on event');
  if (typeof event.id !== 'string' || event.id.length === 0)
    throw new MalformedEventError('event without id');
  if (Number.isNaN(Date.parse(event.occurredAt))) throw new MalformedEventError('invalid occurredAt');
}

/** Per-tenant handler sets shared by both implementations; one failing handler never blocks others. */
export class TenantHandlers {
  readonly #byTenant = new Map<string, Set<EventHandler>>();

  constructor(private readonly onHandlerError: (err: unknown) => void) {}

  /** Adds a handler; `firstForTenant` is true when the tenant had none. */
  add(tenantId: string, handler: EventHandler): { firstForTenant: boolean } {
    let set = this.#byTenant.get(tenantId);
    const firstForTenant = set === undefined;
    if (set === undefined) this.#byTenant.set(tenantId, (set = new Set()));
    set.add(handler);
    return { firstForTenant };
  }

  /** Removes a handler; `lastForTenant` is true when the tenant has none left. */
  remove(tenantId: string, handler: EventHandler): { lastForTenant: boolean } {
    const set = this.#byTenant.get(tenantId);
    if (set === undefined || !set.delete(handler)) return { lastForTenant: false };
    if (set.size > 0) return { lastForTenant: false };
    this.#byTenant.delete(tenantId);
    return { lastForTenant: true };
  }

  /** Delivers to the handlers of the event's tenant. */
  deliver(event: DomainEvent): void {
    for (const handler of this.#byTenant.get(event.tenantId) ?? []) {
      try {
        handler(event);
      } catch (err) {
        this.onHandlerError(err);
      }
    }
  }

  /** Tenants with at least one handler. */
  tenants(): string[] {
    return [...this.#byTenant.keys()];
  }
}
