import { Gauge, Histogram } from 'prom-client';
import type { Metrics } from '../observability/index.ts';
import type { UsageViewsRepository } from './usage-views.repository.ts';

/** One shard's views as the refresher sees them: its name in metrics (`shard_0`) and its repository. */
export type ShardViews = [name: string, views: UsageViewsRepository];

/**
 * Refreshes the analytics views of every shard every `intervalMs`, and exports how long each refresh took
 * and how old each view is. A timer rather than a queued job: the refresh is idempotent and every worker
 * process may try, since the advisory lock in `UsageViewsRepository.refresh` lets one refresher per shard
 * run at a time; the interval is in seconds, which the queue's per-minute cron cannot express.
 */
export class ViewRefresher {
  readonly #duration: Histogram<'shard' | 'view'>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly shards: () => readonly ShardViews[],
    metrics: Metrics,
    private readonly log: (line: string) => void,
  ) {
    this.#duration = new Histogram({
      name: 'analytics_view_refresh_duration_seconds',
      help: 'Duration of REFRESH MATERIALIZED VIEW CONCURRENTLY per shard and view',
      labelNames: ['shard', 'view'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [metrics.registry],
    });
    const ages = () => this.#ages();
    new Gauge({
      name: 'analytics_view_age_seconds',
      help: 'Seconds since each analytics view was last refreshed, per shard',
      labelNames: ['shard', 'view'],
      // every process reads the same rows: in a cluster, one process's answer, not their sum
      aggregator: 'max',
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const sample of await ages()) this.set(sample.labels, sample.value);
      },
    });
  }

  /** Refreshes every shard's views now (a shard another process is refreshing is skipped). */
  async refreshAll(): Promise<void> {
    for (const [shard, views] of this.shards()) {
      const durations = await views.refresh();
      for (const { view, ms } of durations ?? []) this.#duration.observe({ shard, view }, ms / 1000);
    }
  }

  /** Starts the periodic refresh; one run at a time in this process, failures logged and retried next time. */
  start(intervalMs: number): void {
    this.#timer = setInterval(() => {
      this.#running ??= this.refreshAll()
        .catch((error: unknown) => this.log(`analytics refresh failed: ${(error as Error).message}`))
        .finally(() => (this.#running = undefined));
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a refresh under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  async #ages(): Promise<Array<{ labels: Record<string, string>; value: number }>> {
    const now = Date.now();
    const perShard = await Promise.all(
      this.shards().map(async ([shard, views]) =>
        (await views.listRefreshes().catch(() => [])).map((refresh) => ({
          labels: { shard, view: refresh.view_name },
          value: (now - refresh.refreshed_at.getTime()) / 1000,
        })),
      ),
    );
    return perShard.flat();
  }
}
