import { join } from 'node:path';
import {
  CdnPurgeQueue,
  createCache,
  HttpPurgeProvider,
  MemoryBatch,
  RedisBatch,
  type AppCache,
  type BatchStore,
} from './cache/index.ts';
import type { Config } from './config.ts';
import {
  openPlatformDatabases,
  startEmbeddedPostgres,
  type DatabaseUrls,
  SharedWritePins,
  type PlatformDatabases,
} from './db/index.ts';
import { createEventBus, type EventBus } from './events/index.ts';
import { LocalBlobStore } from './files/index.ts';
import { JobQueue } from './jobs/index.ts';
import {
  createMetrics,
  metricsSource,
  readinessCheck,
  registerPlatformGauges,
  registerReplicaGauges,
  type Metrics,
  type ReadinessCheck,
} from './observability/index.ts';
import { LocalStreamSlots, RedisStreamSlots, type StreamSlots } from './quotas/index.ts';
import { openRedis, type RedisConnection, type RedisTarget } from './redis/index.ts';
import { createRateLimiters, type RateLimiters } from './rate-limit/index.ts';

/** What the modules are built over: databases, job queue, event bus, cache, blobs, metrics. */
export interface Infrastructure {
  metrics: Metrics;
  /** What `/metrics` answers (in a cluster process: every process's metrics). */
  metricsText: () => Promise<string>;
  /** Request and failed-authentication limits (shared over Redis when configured). */
  limiters: RateLimiters;
  databases: PlatformDatabases;
  /** The control database's URL (revocations are heard on a connection of their own). */
  controlUrl: string;
  jobs: JobQueue;
  /** The Redis connection and its circuit breaker; none without REDIS_URL. */
  redis: RedisConnection | undefined;
  events: EventBus;
  cache: AppCache;
  blobs: LocalBlobStore;
  /** Purges shared data from the CDN (none without CDN_PURGE_URL). */
  cdnPurge: CdnPurgeQueue | undefined;
  /** Per-tenant counters and windows: pipelined Redis, or this process's memory without Redis. */
  counters: BatchStore;
  /** Open event stream slots per tenant: Redis, or this process's memory without Redis. */
  streamSlots: StreamSlots;
  /** Whether each database (and Redis) answers. */
  ready: ReadinessCheck;
  /** Closes the event bus, CDN purges, cache, pools and the embedded server (after the job queue stopped). */
  close(): Promise<void>;
}

/** Database URLs of this deployment: the configured servers, or the embedded server started on demand. */
export async function connectDatabases(
  config: Readonly<Config>,
  log: (line: string) => void,
): Promise<DatabaseUrls & { stop(): Promise<void> }> {
  if (!config.databaseUrl) return startEmbeddedPostgres(config.dataDir, log);
  const controlUrl = config.databaseUrl;
  const shardUrls = config.shardDatabaseUrls.length > 0 ? config.shardDatabaseUrls : [controlUrl];
  return { controlUrl, shardUrls, replicaUrls: config.shardReplicaUrls, stop: async () => undefined };
}

/** Connects and migrates the databases, starts the job queue (working only if `work`), opens bus and cache. */
export async function openInfrastructure(
  config: Readonly<Config>,
  options: { work: boolean; log: (line: string) => void },
): Promise<Infrastructure> {
  const embedded = await connectDatabases(config, options.log);
  const metrics = createMetrics();
  const observe = (database: string) => (ms: number) =>
    metrics.dbQueryDuration.labels(database).observe(ms / 1000);
  const replicaPolicy = {
    ...{ maxLagMs: config.replicaMaxLagMs, pollMs: config.replicaPollMs, pinMs: config.replicaPinMs },
  };
  const { cachePrefix } = config;
  const redisTarget = redisTargetOf(config);
  const redis = redisTarget && openRedis(redisTarget);
  // a tenant's write noted by one process keeps its reads off stale replicas in every process
  const sharedPins = redis && new SharedWritePins(redis, cachePrefix);
  const databases = await openPlatformDatabases(embedded, observe, {
    ...{ replicaPolicy, sharedPins, log: options.log },
  }).catch(async (error: unknown) => {
    await redis?.close();
    await embedded.stop();
    throw error;
  });
  // configured shards and those registered by `shard add` (opened by the directory load)
  const shardUrls = new Map([...databases.shards].map(([id, shard]) => [id, shard.url]));
  const jobs = new JobQueue(shardUrls, {
    expireSeconds: config.jobExpireSeconds,
    work: options.work,
    onError: (error) => options.log(`job error: ${error instanceof Error ? error.message : String(error)}`),
  });
  await jobs.start();
  databases.onShardAdded((id, url) => jobs.addShard(id, url));
  for (const [id, shard] of databases.shards) await jobs.addShard(id, shard.url); // added while starting
  databases.onPrimaryMoved((shardId, url) => jobs.repoint(shardId, url));
  const events = await createEventBus({
    redis,
    keyPrefix: `${cachePrefix}:`,
    maxLen: config.eventStreamMaxLen,
    ttlSeconds: config.eventStreamTtlSeconds,
  });
  const cache = await createCache({ redis, prefix: cachePrefix, registry: metrics.registry });
  // a tenant moved to another shard: what was cached from the old one goes (each process drops its L1 too)
  databases.onPlacementChanged((tenantId) => cache.invalidateTenant(tenantId));
  const cdnPurge = config.cdnPurgeUrl
    ? new CdnPurgeQueue({
        provider: new HttpPurgeProvider({ url: config.cdnPurgeUrl }),
        registry: metrics.registry,
      })
    : undefined;
  registerPlatformGauges(metrics, databases.named, () => jobs.counts());
  registerReplicaGauges(metrics, () => databases.replicas());
  return {
    metrics,
    metricsText: metricsSource(metrics.registry),
    limiters: createRateLimiters(redis, config),
    databases,
    controlUrl: embedded.controlUrl,
    jobs,
    redis,
    events,
    cache,
    blobs: new LocalBlobStore(join(config.dataDir, 'blobs')),
    cdnPurge,
    counters: redis ? new RedisBatch(redis.client, cachePrefix) : new MemoryBatch(),
    streamSlots: redis ? new RedisStreamSlots(redis.client, cachePrefix) : new LocalStreamSlots(),
    ready: readinessCheck(() => ({ ...databases.probes(), ...(redis && { redis: () => pingRedis(redis) }) })),
    close: async () => {
      await events.close();
      await cdnPurge?.close();
      await cache.close();
      await redis?.close();
      await databases.close();
      await embedded.stop();
    },
  };
}

/** The configured Redis: one server, a Sentinel-watched primary, a Cluster, or none. */
function redisTargetOf(config: Readonly<Config>): RedisTarget | undefined {
  if (config.redisSentinels.length > 0) {
    const { redisSentinels: sentinels, redisSentinelName: primaryName } = config;
    return { topology: { kind: 'sentinel', sentinels, primaryName } };
  }
  if (config.redisClusterNodes.length > 0)
    return { topology: { kind: 'cluster', nodes: config.redisClusterNodes } };
  return config.redisUrl === undefined ? undefined : { url: config.redisUrl };
}

/** A readiness probe of Redis: resolves when it answers PING, else throws its error. */
async function pingRedis(redis: RedisConnection): Promise<void> {
  const health = await redis.ping();
  if (!health.ok) throw new Error(health.error ?? 'Redis did not answer');
}
