import { registerGauge, type Metrics } from './metrics.ts';

/** A streaming replica's health as the database layer reports it. */
interface ReplicaHealth {
  shardId: number;
  url: string;
  up: boolean;
  lagMs: number;
  lagBytes: number;
  serving: boolean;
}

/** Registers the replica lag and health gauges, read when metrics are scraped. */
export function registerReplicaGauges(metrics: Metrics, replicas: () => ReplicaHealth[]): void {
  const labels = (r: ReplicaHealth) => ({ shard: String(r.shardId), replica: new URL(r.url).host });
  registerGauge(
    metrics,
    'db_replica_lag_seconds',
    'Staleness of a streaming replica: commits older than this are replayed (-1: never reached)',
    ['shard', 'replica'],
    () =>
      replicas().map((r) => ({ labels: labels(r), value: Number.isFinite(r.lagMs) ? r.lagMs / 1000 : -1 })),
  );
  registerGauge(
    metrics,
    'db_replica_lag_bytes',
    'WAL bytes a streaming replica had still to replay at its last probe',
    ['shard', 'replica'],
    () => replicas().map((r) => ({ labels: labels(r), value: r.lagBytes })),
  );
  registerGauge(
    metrics,
    'db_replica_serving',
    'Whether staleness-tolerant reads go to the replica (1) or it is skipped as down or lagging (0)',
    ['shard', 'replica'],
    () => replicas().map((r) => ({ labels: labels(r), value: r.serving ? 1 : 0 })),
  );
}
