import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config.ts';
import { connectDatabases } from './infrastructure.ts';
import { METRICS_REQUEST, METRICS_RESPONSE } from './observability/index.ts';

/**
 * Production-style start: the primary resolves the databases once (starting the embedded server if needed),
 * then forks `config.clusterWorkers` HTTP processes sharing the port. The first also runs background jobs.
 * Crashed processes are replaced; SIGINT/SIGTERM stop them gracefully, then the embedded database.
 */
export async function runClusterPrimary(
  config: Readonly<Config>,
  log: (line: string) => void,
): Promise<void> {
  const databases = await connectDatabases(config, log);
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  const fork = (index: number): Worker => {
    const worker = cluster.fork({
      DATABASE_URL: databases.controlUrl,
      SHARD_DATABASE_URLS: databases.shardUrls.join(','),
      ADMIN_TOKEN: config.adminToken ?? '',
      WORKER_ENABLED: index === 0 && config.workerEnabled ? 'true' : 'false',
      CLUSTER_INDEX: String(index),
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      log(`process ${index} exited (${signal ?? code}); starting a new one`);
      fork(index);
    });
    worker.on('message', (message: { type?: string; id?: number }) => {
      if (message.type !== METRICS_REQUEST) return;
      aggregator.clusterMetrics().then(
        (text) => worker.send({ type: METRICS_RESPONSE, id: message.id, text }),
        (error: unknown) =>
          worker.send({ type: METRICS_RESPONSE, id: message.id, text: `# ${String(error)}\n` }),
      );
    });
    return worker;
  };
  // One at a time: concurrent first starts would race on creating the job queues.
  for (let index = 0; index < config.clusterWorkers; index++) {
    const worker = fork(index);
    await new Promise((resolve) => worker.once('listening', resolve));
  }
  log(`cluster of ${config.clusterWorkers} processes on http://${config.host}:${config.port}`);

  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const wait = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      clearInterval(wait);
      void databases.stop().then(() => process.exit(0));
    }, 100);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
