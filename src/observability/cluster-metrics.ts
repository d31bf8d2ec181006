import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** Message a cluster process sends the primary to ask for every process's metrics. */
export const METRICS_REQUEST = 'cai:metrics-request';
/** The primary's answer to `METRICS_REQUEST`. */
export const METRICS_RESPONSE = 'cai:metrics-response';

/** What `/metrics` answers: this process's metrics, or in a cluster process every process's, aggregated. */
export function metricsSource(registry: Registry): () => Promise<string> {
  return cluster.isWorker ? clusterMetricsSource(registry) : () => registry.metrics();
}

/** In a cluster process: `/metrics` answers with every process's metrics, aggregated by the primary. */
function clusterMetricsSource(registry: Registry): () => Promise<string> {
  new AggregatorRegistry(); // its constructor installs the listener that answers the primary's requests
  AggregatorRegistry.setRegistries([registry]);
  let nextId = 0;
  const pending = new Map<number, (text: string) => void>();
  process.on('message', (message: { type?: string; id?: number; text?: string }) => {
    if (message.type !== METRICS_RESPONSE || message.id === undefined) return;
    pending.get(message.id)?.(message.text ?? '');
    pending.delete(message.id);
  });
  return () =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      process.send?.({ type: METRICS_REQUEST, id });
    });
}
