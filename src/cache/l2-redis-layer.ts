import type { Redis } from 'ioredis';
import type { CreateDriverResult, L2CacheDriver } from 'bentocache/types';
import { redisDriver } from 'bentocache/drivers/redis';
import type { CacheLogger } from './redis-connection.ts';

/** Observer of L2 outcomes (metrics). */
export interface L2Observer {
  l2Error(operation: string): void;
}

/**
 * Circuit breaker in front of Redis: open while the connection is not ready, and for `breakMs` after a
 * failed command (e.g. a timeout on a slow server); the first command after that probes again. Replaces
 * bentocache's `l2CircuitBreakerDuration` because its state is private and we export it as a metric and
 * need to know which writes were lost.
 */
export class L2Circuit {
  #openUntil = 0;
  #wasOpen = false;
  readonly #failedWrites = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly breakMs: number,
    private readonly logger: CacheLogger,
    private readonly observer: L2Observer,
  ) {}

  /** Whether L2 calls are currently skipped. */
  isOpen(): boolean {
    return this.redis.status !== 'ready' || Date.now() < this.#openUntil;
  }

  /** True (once) when the last write or delete of `key` did not reach Redis. */
  takeFailedWrite(key: string): boolean {
    return this.#failedWrites.delete(key);
  }

  /** Runs one L2 operation through the breaker; writes record their key's outcome. */
  async run<T>(operation: string, writeKeys: readonly string[], fn: () => Promise<T>): Promise<T> {
    if (this.isOpen()) {
      for (const key of writeKeys) this.#failedWrites.add(key);
      this.#noteState(true);
      throw new Error(`L2 circuit open (${operation})`);
    }
    try {
      const result = await fn();
      for (const key of writeKeys) this.#failedWrites.delete(key);
      this.#noteState(false);
      return result;
    } catch (err) {
      for (const key of writeKeys) this.#failedWrites.add(key);
      this.observer.l2Error(operation);
      this.#openUntil = Date.now() + this.breakMs;
      this.logger.warn({ err, operation }, 'redis cache operation failed; serving from memory and loaders');
      this.#noteState(true);
      throw err;
    }
  }

  #noteState(open: boolean): void {
    if (open === this.#wasOpen) return;
    this.#wasOpen = open;
    if (open) this.logger.warn({}, 'redis cache circuit opened');
    else this.logger.info({}, 'redis cache circuit closed');
  }
}

/** The bentocache L2 driver contract, wrapped so every call goes through the circuit. */
class GuardedL2Driver implements L2CacheDriver {
  readonly type = 'l2' as const;

  constructor(
    private readonly inner: L2CacheDriver,
    private readonly circuit: L2Circuit,
  ) {}

  namespace(namespace: string): GuardedL2Driver {
    return new GuardedL2Driver(this.inner.namespace(namespace) as L2CacheDriver, this.circuit);
  }

  get(key: string): Promise<string | undefined> {
    return this.circuit.run('get', [], () => this.inner.get(key));
  }

  pull(key: string): Promise<string | undefined> {
    return this.circuit.run('pull', [key], () => this.inner.pull(key));
  }

  set(key: string, value: string, ttl?: number): Promise<boolean> {
    return this.circuit.run('set', [key], () => this.inner.set(key, value, ttl));
  }

  clear(): Promise<void> {
    return this.circuit.run('clear', [], () => this.inner.clear());
  }

  delete(key: string): Promise<boolean> {
    return this.circuit.run('delete', [key], () => this.inner.delete(key));
  }

  deleteMany(keys: string[]): Promise<boolean> {
    return this.circuit.run('deleteMany', keys, () => this.inner.deleteMany(keys));
  }

  /** The connection is owned and closed by the cache facade. */
  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}

/** bentocache L2 layer on `redis` (bentocache's Redis driver) behind `circuit`. */
export function l2Layer(redis: Redis, circuit: L2Circuit): CreateDriverResult<L2CacheDriver> {
  const inner = redisDriver({ connection: redis });
  return {
    options: inner.options,
    factory: (config: unknown) => new GuardedL2Driver(inner.factory(config), circuit),
  };
}
