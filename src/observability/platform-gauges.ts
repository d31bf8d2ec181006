import { registerGauge, type Metrics } from './metrics.ts';

/** A pool's connection counts, as `pg.Pool` reports them. */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Registers the gauges of the platform's pools and job queues, read when metrics are scraped. */
export function registerPlatformGauges(
  metrics: Metrics,
  pools: () => Array<[name: string, database: { pool: PoolCounts }]>,
  jobCounts: () => Promise<Array<{ shardId: number; queue: string; count: number; oldestSeconds: number }>>,
): void {
  registerGauge(metrics, 'db_pool_connections', 'Connections per pool and state', ['database', 'state'], () =>
    pools().flatMap(([name, d]) => [
      { labels: { database: name, state: 'total' }, value: d.pool.totalCount },
      { labels: { database: name, state: 'idle' }, value: d.pool.idleCount },
      { labels: { database: name, state: 'waiting' }, value: d.pool.waitingCount },
    ]),
  );
  // one query per shard feeds both gauges of a scrape
  let depths: ReturnType<typeof jobCounts> | undefined;
  const once = () => {
    depths ??= jobCounts().finally(() => setImmediate(() => (depths = undefined)));
    return depths;
  };
  registerGauge(metrics, 'jobs_queued', 'Jobs waiting per shard and queue', ['shard', 'queue'], async () =>
    (await once()).map((c) => ({
      labels: { shard: String(c.shardId), queue: c.queue },
      value: c.count,
    })),
  );
  registerGauge(
    metrics,
    'jobs_oldest_queued_age_seconds',
    'Age of the oldest waiting job per shard and queue (0 when none waits)',
    ['shard', 'queue'],
    async () =>
      (await once()).map((c) => ({
        labels: { shard: String(c.shardId), queue: c.queue },
        value: c.oldestSeconds,
      })),
  );
}
