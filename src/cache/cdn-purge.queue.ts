import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, type Registry } from 'prom-client';
import { PurgeRejectedError, type PurgeProvider } from './cdn-purge.provider.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';

/** Options of the purge queue. */
export interface PurgeQueueOptions {
  readonly provider: PurgeProvider;
  /** Quiet time after the last invalidation before a batch is sent (default 1 s). */
  readonly debounceMs?: number;
  /** Longest an invalidation waits under a constant stream of new ones (default 10 s). */
  readonly maxWaitMs?: number;
  /** Tries per batch on 429/5xx/network errors (default 6). */
  readonly maxAttempts?: number;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly registry?: Registry;
  readonly logger?: Logger;
}

type PurgeKind = 'paths' | 'tags';

function chunks(items: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Debounced, de-duplicated CDN purges of shared data: invalidations collect for `debounceMs`, then go out
 * in provider-sized batches, one request at a time, retried with exponential backoff (or `Retry-After`).
 */
export class CdnPurgeQueue {
  readonly #options: Required<Omit<PurgeQueueOptions, 'registry' | 'logger'>> & { logger: Logger };
  readonly #pending: Record<PurgeKind, Set<string>> = { paths: new Set(), tags: new Set() };
  readonly #batches: Counter<'kind' | 'outcome'> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #firstPendingAt = 0;
  #sending: Promise<void> = Promise.resolve();

  constructor(options: PurgeQueueOptions) {
    this.#options = {
      debounceMs: 1000,
      maxWaitMs: 10_000,
      maxAttempts: 6,
      baseBackoffMs: 500,
      maxBackoffMs: 30_000,
      logger: silentLogger,
      ...options,
    };
    const registry = options.registry;
    this.#batches =
      registry === undefined
        ? undefined
        : ((registry.getSingleMetric('cdn_purge_batches_total') as Counter<'kind' | 'outcome'> | undefined) ??
          new Counter({
            name: 'cdn_purge_batches_total',
            help: 'CDN purge requests by outcome (sent, retried, dropped)',
            labelNames: ['kind', 'outcome'],
            registers: [registry],
          }));
  }

  /** Queues URL paths (each starting with `/`) for invalidation. */
  purgePaths(paths: readonly string[]): void {
    this.#enqueue('paths', paths, (path) => path.startsWith('/'));
  }

  /** Queues cache tags / surrogate keys (no whitespace) for purge. */
  purgeTags(tags: readonly string[]): void {
    this.#enqueue('tags', tags, (tag) => /^[^\s,]{1,256}$/.test(tag));
  }

  /** Sends everything queued now; resolves once it was sent or given up on. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const work = { paths: [...this.#pending.paths], tags: [...this.#pending.tags] };
    this.#pending.paths.clear();
    this.#pending.tags.clear();
    this.#sending = this.#sending.then(() => this.#send(work));
    return this.#sending;
  }

  /** Sends what is left, then stops. */
  close(): Promise<void> {
    return this.flush();
  }

  #enqueue(kind: PurgeKind, items: readonly string[], valid: (item: string) => boolean): void {
    for (const item of items) {
      if (valid(item)) this.#pending[kind].add(item);
      else this.#options.logger.warn({ kind, item }, 'ignored invalid CDN purge item');
    }
    if (this.#pending.paths.size + this.#pending.tags.size === 0) return;
    const now = Date.now();
    if (this.#timer === undefined) this.#firstPendingAt = now;
    clearTimeout(this.#timer);
    const delay = Math.min(this.#options.debounceMs, this.#firstPendingAt + this.#options.maxWaitMs - now);
    this.#timer = setTimeout(() => void this.flush(), Math.max(0, delay));
  }

  async #send(work: Record<PurgeKind, string[]>): Promise<void> {
    const { provider } = this.#options;
    for (const batch of chunks(work.paths, provider.maxPathsPerRequest)) {
      await this.#sendBatch('paths', () => provider.purgePaths(batch));
    }
    for (const batch of chunks(work.tags, provider.maxTagsPerRequest)) {
      await this.#sendBatch('tags', () => provider.purgeTags(batch));
    }
  }

  async #sendBatch(kind: PurgeKind, request: () => Promise<void>): Promise<void> {
    const { maxAttempts, baseBackoffMs, maxBackoffMs, logger } = this.#options;
    for (let attempt = 1; ; attempt++) {
      try {
        await request();
        this.#batches?.inc({ kind, outcome: 'sent' });
        return;
      } catch (err) {
        const retryable = !(err instanceof PurgeRejectedError) || err.retryable;
        if (!retryable || attempt >= maxAttempts) {
          this.#batches?.inc({ kind, outcome: 'dropped' });
          logger.error({ err, kind, attempt }, 'CDN purge dropped');
          return;
        }
        this.#batches?.inc({ kind, outcome: 'retried' });
        const backoff = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1));
        const hinted = err instanceof PurgeRejectedError ? err.retryAfterMs : undefined;
        // full jitter unless the CDN said when to come back
        await sleep(hinted === undefined ? Math.random() * backoff : Math.min(hinted, maxBackoffMs));
      }
    }
  }
}
