import type { Logger } from '../shared/logger.ts';
import type { RedisClient } from './redis-connection.ts';

/** Observer of failed commands (the cache's `cache_l2_errors_total`). */
export interface CircuitObserver {
  failed(operation: string): void;
}

/**
 * Circuit breaker in front of Redis: open while the connection is not ready, and for `breakMs` after a
 * failed command (e.g. a timeout on a slow server); the first command after that probes again. Shared by
 * every Redis user that falls back the same way (the cache's L2, the shared rate limiter). Replaces
 * bentocache's `l2CircuitBreakerDuration` because its state is private and we export it as a metric and
 * need to know which writes were lost.
 */
export class RedisCircuit {
  #openUntil = 0;
  #wasOpen = false;
  readonly #failedWrites = new Set<string>();
  readonly #observers: CircuitObserver[] = [];

  constructor(
    private readonly redis: Pick<RedisClient, 'status'>,
    private readonly breakMs: number,
    private readonly logger: Logger,
  ) {}

  /** Adds an observer of failed commands. */
  observe(observer: CircuitObserver): void {
    this.#observers.push(observer);
  }

  /** Whether Redis calls are currently skipped. */
  isOpen(): boolean {
    return this.redis.status !== 'ready' || Date.now() < this.#openUntil;
  }

  /** True (once) when the last write or delete of `key` did not reach Redis. */
  takeFailedWrite(key: string): boolean {
    return this.#failedWrites.delete(key);
  }

  /** Runs one Redis operation through the breaker; writes record their key's outcome. */
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
      for (const observer of this.#observers) observer.failed(operation);
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
