import type { BusDriver, CreateBusDriverResult } from 'bentocache/types';
import { closeRedis, type RedisClient, type RedisConnection } from '../redis/index.ts';
import type { Logger } from '../shared/logger.ts';

type Serializable = Parameters<BusDriver['publish']>[1];
type Handler = (payload: Serializable) => void | Promise<void>;

/** Options of the bus transport. */
export interface BusTransportOptions {
  /** Where the publisher and the dedicated subscriber connect. */
  readonly redis: Pick<RedisConnection, 'dedicated'>;
  /** Prefixes every channel, so caches with different prefixes on one Redis never hear each other. */
  readonly channelPrefix: string;
  readonly logger: Logger;
  /**
   * Called each time the subscription is (re)established and confirmed. Messages published while it was
   * down are lost, so the owner flushes its L1 here: bentocache does not.
   */
  readonly onSubscribed: () => void;
}

/**
 * bentocache bus transport over Redis pub/sub (a publisher and a dedicated subscriber connection) that,
 * unlike bentocache's own, reports when the subscription is live again after a gap. Classic PUBLISH even on a
 * cluster, not sharded pub/sub: every process hears every invalidation on a few fixed channels, so sharding
 * saves no traffic (each message is for everyone) and would put the whole bus on the primary owning those
 * channels' slots, a hot spot whose failure stops every invalidation; broadcast works through any live node.
 */
export class RedisBusTransport implements BusDriver {
  readonly #pub: RedisClient;
  readonly #sub: RedisClient;
  readonly #handlers = new Map<string, Handler>();
  readonly #reconnectCallbacks: Array<() => void> = [];
  readonly #options: BusTransportOptions;
  #id = '';
  #firstSubscription: Promise<void>;
  #resolveFirst: () => void = () => {};

  constructor(options: BusTransportOptions) {
    this.#options = options;
    this.#pub = options.redis.dedicated('commands', 'cache-bus-pub');
    this.#sub = options.redis.dedicated('subscriber', 'cache-bus-sub');
    this.#firstSubscription = new Promise((resolve) => (this.#resolveFirst = resolve));
    this.#sub.on('message', (channel: string, raw: string) => this.#onMessage(channel, raw));
    // 'ready' is emitted before ioredis re-sends SUBSCRIBE; a PING queued after it answers only once the
    // server has processed the subscription, so nothing published after that point can be missed.
    this.#sub.on('ready', () => setImmediate(() => this.#confirmSubscription()));
  }

  /** Resolves once the first subscription is live (or never, while Redis is unreachable). */
  get subscribed(): Promise<void> {
    return this.#firstSubscription;
  }

  setId(id: string): this {
    this.#id = id;
    return this;
  }

  onReconnect(callback: () => void): void {
    this.#reconnectCallbacks.push(callback);
  }

  async publish(channel: string, message: Serializable): Promise<void> {
    await this.#pub.publish(
      this.#options.channelPrefix + channel,
      JSON.stringify({ b: this.#id, p: message }),
    );
  }

  subscribe<T extends Serializable>(
    channel: string,
    handler: (payload: T) => void | Promise<void>,
  ): Promise<void> {
    const full = this.#options.channelPrefix + channel;
    this.#handlers.set(full, handler as Handler);
    // bentocache calls this without awaiting: a rejection would be unhandled, so it is logged here and
    // the subscription is retried by ioredis on the next connection
    this.#sub
      .subscribe(full)
      .catch((err: unknown) => this.#options.logger.warn({ err }, 'bus subscribe failed'));
    return Promise.resolve();
  }

  async unsubscribe(channel: string): Promise<void> {
    const full = this.#options.channelPrefix + channel;
    this.#handlers.delete(full);
    await this.#sub.unsubscribe(full).catch(() => undefined);
  }

  async disconnect(): Promise<void> {
    await Promise.all([closeRedis(this.#pub), closeRedis(this.#sub)]);
  }

  #confirmSubscription(): void {
    if (this.#sub.status !== 'ready') return;
    this.#sub.ping().then(
      () => {
        this.#options.onSubscribed();
        this.#resolveFirst();
        for (const callback of this.#reconnectCallbacks) callback();
      },
      (err: unknown) => this.#options.logger.warn({ err }, 'bus subscription check failed'),
    );
  }

  #onMessage(channel: string, raw: string): void {
    const handler = this.#handlers.get(channel);
    if (handler === undefined) return;
    let decoded: { b?: unknown; p?: Serializable };
    try {
      decoded = JSON.parse(raw) as { b?: unknown; p?: Serializable };
    } catch {
      return;
    }
    if (decoded.b === this.#id || decoded.p === undefined) return;
    void Promise.resolve(handler(decoded.p)).catch((err: unknown) =>
      this.#options.logger.warn({ err }, 'bus message handler failed'),
    );
  }
}

/** bentocache bus entry for an existing transport; failed publishes are retried, at most 1000 kept. */
export function busLayer(transport: RedisBusTransport): CreateBusDriverResult {
  return {
    options: { retryQueue: { enabled: true, maxSize: 1000, retryInterval: 1000 } },
    factory: () => transport,
  };
}
