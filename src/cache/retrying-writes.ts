import type { Logger } from '../shared/logger.ts';

/**
 * Invalidations that did not reach Redis (outage, partition), repeated every second until they land:
 * otherwise another process would read the old value or generation from Redis once it is back.
 */
export class RetryingWrites {
  readonly #pending = new Map<string, () => Promise<boolean>>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  /** Number of writes still waiting. */
  get size(): number {
    return this.#pending.size;
  }

  /** Registers (or replaces) the retry of one key; `attempt` resolves true once it landed. */
  add(key: string, attempt: () => Promise<boolean>): void {
    this.#pending.set(key, attempt);
    this.#timer ??= setInterval(() => void this.#runOnce(), this.intervalMs).unref();
  }

  /** Drops pending retries (shutdown). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }

  async #runOnce(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (const [key, attempt] of [...this.#pending]) {
        const landed = await attempt().catch(() => false);
        if (landed && this.#pending.get(key) === attempt) this.#pending.delete(key);
      }
      if (this.#pending.size === 0) this.stop();
    } catch (err) {
      this.logger.warn({ err }, 'cache invalidation retry failed');
    } finally {
      this.#running = false;
    }
  }
}
