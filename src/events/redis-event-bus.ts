import { randomBytes } from 'node:crypto';
import { closeRedis, waitReady, type RedisClient, type RedisConnection } from '../redis/index.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import {
  assertValidEvent,
  TenantHandlers,
  type DomainEvent,
  type EventBus,
  type EventHandler,
} from './event-bus.ts';

/** Options of the Redis event bus. */
export interface RedisEventBusOptions {
  /** Where the bus opens its publisher and subscriber connections. */
  readonly redis: Pick<RedisConnection, 'dedicated'>;
  /** Prefix of stream keys and channels (tests use a random one). */
  readonly keyPrefix?: string;
  /** Approximate number of events kept per tenant stream (default 1000). */
  readonly maxLen?: number;
  /** A tenant's stream is deleted after this many seconds without an event (default one day). */
  readonly ttlSeconds?: number;
  readonly logger?: Logger;
}

interface Envelope {
  /** Origin process, so a process skips the copy of events it already delivered locally. */
  readonly o: string;
  readonly e: DomainEvent;
}

/**
 * Events appended to one stream per tenant, `events:t:{<tenantId>}` (hash-tagged) (XADD MAXLEN ~ N, a short replayable log),
 * and fanned out live over one pub/sub channel per tenant. One stream per tenant, not per type, trimmed and
 * expiring when idle, so whatever a tenant sends (any number of type names) costs Redis at most N entries
 * and one key. Pub/sub rather than XREAD BLOCK on the streams: a process
 * receives only the tenants its SSE clients watch (instead of every tenant's events, filtered locally),
 * one subscriber connection multiplexes all tenants, and live delivery is at-most-once like SSE itself.
 * Events are delivered to this process's subscribers directly, so the stream works with Redis down.
 * On a Redis Cluster the channel is hash-tagged like the stream and used with SSUBSCRIBE/SPUBLISH: a tenant's
 * events reach only its slot's primary (and the processes subscribed there) instead of being broadcast over
 * the cluster bus to every node; one server keeps SUBSCRIBE/PUBLISH.
 */
export class RedisEventBus implements EventBus {
  readonly #pub: RedisClient;
  readonly #sub: RedisClient;
  /** SSUBSCRIBE/SPUBLISH (a cluster) rather than SUBSCRIBE/PUBLISH. */
  readonly #sharded: boolean;
  /** SUBSCRIBEs sent and not yet answered, for `subscriptionsSettled`. */
  readonly #pending = new Set<Promise<unknown>>();
  readonly #handlers: TenantHandlers;
  readonly #origin = randomBytes(8).toString('hex');
  readonly #prefix: string;
  readonly #maxLen: number;
  readonly #ttlSeconds: number;
  readonly #logger: Logger;

  private constructor(options: RedisEventBusOptions) {
    this.#logger = options.logger ?? silentLogger;
    this.#prefix = options.keyPrefix ?? '';
    this.#maxLen = options.maxLen ?? 1000;
    this.#ttlSeconds = options.ttlSeconds ?? 24 * 3600;
    this.#pub = options.redis.dedicated('commands', 'events-pub', { commandTimeoutMs: 500 });
    this.#sub = options.redis.dedicated('sharded-subscriber', 'events-sub');
    this.#sharded = this.#sub.isCluster; // ioredis's Cluster client says so; one server or Sentinel does not
    this.#handlers = new TenantHandlers((err) => this.#logger.warn({ err }, 'event handler failed'));
    this.#sub.on(this.#sharded ? 'smessage' : 'message', (_channel: string, raw: string) =>
      this.#onMessage(raw),
    );
  }

  /** Connects (waiting up to `connectWaitMs` for Redis, then starting without it). */
  static async create(options: RedisEventBusOptions & { connectWaitMs?: number }): Promise<RedisEventBus> {
    const bus = new RedisEventBus(options);
    const wait = options.connectWaitMs ?? 1000;
    await Promise.all([waitReady(bus.#pub, wait), waitReady(bus.#sub, wait)]);
    return bus;
  }

  /** Stream key of a tenant's events. */
  streamKey(tenantId: string): string {
    return `${this.#prefix}events:t:{${tenantId}}`; // hash-tagged by tenant, like the cache's keys
  }

  async publish(event: DomainEvent): Promise<void> {
    assertValidEvent(event);
    setImmediate(() => this.#handlers.deliver(event));
    const payload = JSON.stringify({ o: this.#origin, e: event } satisfies Envelope);
    const key = this.streamKey(event.tenantId);
    const channel = this.channel(event.tenantId);
    try {
      const pipeline = this.#pub
        .pipeline()
        .xadd(key, 'MAXLEN', '~', this.#maxLen, '*', 'event', JSON.stringify(event))
        // refreshed on every write: the stream of a tenant that went quiet disappears
        .expire(key, this.#ttlSeconds);
      // the channel shares the stream's hash tag, so on a cluster all three go to one primary in one round trip
      await (this.#sharded ? pipeline.spublish(channel, payload) : pipeline.publish(channel, payload)).exec();
    } catch (err) {
      this.#logger.warn(
        { err, type: event.type },
        'event not appended to Redis; delivered in this process only',
      );
    }
  }

  subscribe(tenantId: string, handler: EventHandler): () => void {
    if (this.#handlers.add(tenantId, handler).firstForTenant) {
      const channel = this.channel(tenantId);
      const sent = (this.#sharded ? this.#sub.ssubscribe(channel) : this.#sub.subscribe(channel)).catch(
        (err: unknown) => {
          this.#logger.warn({ err }, 'event channel subscribe failed; retried on reconnect');
        },
      );
      this.#pending.add(sent);
      void sent.finally(() => this.#pending.delete(sent));
    }
    return () => {
      if (this.#handlers.remove(tenantId, handler).lastForTenant) {
        const channel = this.channel(tenantId);
        (this.#sharded ? this.#sub.sunsubscribe(channel) : this.#sub.unsubscribe(channel)).catch(
          () => undefined,
        );
      }
    };
  }

  /** Resolves once the server has answered every SUBSCRIBE sent so far (tests, startup). */
  async subscriptionsSettled(): Promise<void> {
    await Promise.all(this.#pending);
  }

  async close(): Promise<void> {
    await Promise.all([closeRedis(this.#pub), closeRedis(this.#sub)]);
  }

  /** Channel of a tenant's live events, hash-tagged like its stream (a cluster's SPUBLISH routes by it). */
  channel(tenantId: string): string {
    return `${this.#prefix}events:tenant:{${tenantId}}`;
  }

  #onMessage(raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      return;
    }
    if (envelope.o !== this.#origin) this.#handlers.deliver(envelope.e);
  }
}
