import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus registry and the metrics every layer records into. */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** GETs answered from remembered cached responses, before Fastify's lifecycle (see HotReads). */
  hotReads: Counter;
  dbQueryDuration: Histogram<'database'>;
  jobsProcessed: Counter<'queue' | 'outcome'>;
  /** From an upload's answer to its first analysis finished (takeoff ready, or failed), by outcome. */
  uploadToReady: Histogram<'outcome'>;
}

/** Creates the registry with default process metrics and the platform's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    hotReads: new Counter({
      name: 'http_hot_reads_total',
      help: 'GETs answered from remembered cached responses before the framework lifecycle',
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: 'db_query_duration_seconds',
      help: 'Database query duration',
      labelNames: ['database'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: 'jobs_processed_total',
      help: 'Jobs finished by queue and outcome',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    }),
    uploadToReady: new Histogram({
      name: 'upload_to_takeoff_ready_seconds',
      help: "From an upload to its first analysis finished, by the analysis's outcome",
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
      registers: [registry],
    }),
  };
}

/** Registers gauges computed at scrape time (pool stats, queue sizes). */
export function registerGauge(
  metrics: Metrics,
  name: string,
  help: string,
  labelNames: string[],
  collect: () =>
    | Promise<Array<{ labels: Record<string, string>; value: number }>>
    | Array<{ labels: Record<string, string>; value: number }>,
): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const sample of await collect()) this.set(sample.labels, sample.value);
    },
  });
}
