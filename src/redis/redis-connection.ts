import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, Redis, type RedisOptions as IoRedisOptions } from 'ioredis';
import type { Logger } from '../shared/logger.ts';

/**
 * A connection to Redis (the ioredis client; other modules name it by this type, never by ioredis). A Redis
 * Cluster client is one too: ioredis gives it the same command interface, routing each key to its slot.
 */
export type RedisClient = Redis;

/** A host and port of a Redis node or sentinel. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where Redis is: one server (`REDIS_URL`), a primary found through Sentinel (`REDIS_SENTINELS`, which
 * follows its failovers), or a Redis Cluster (`REDIS_CLUSTER_NODES`, any of its nodes to start from).
 */
export type RedisTopology =
  | { kind: 'server'; url: string }
  | { kind: 'sentinel'; sentinels: readonly RedisNode[]; primaryName: string }
  | { kind: 'cluster'; nodes: readonly RedisNode[] };

/**
 * Role of a connection: commands fail fast; a subscriber queues its SUBSCRIBEs until connected. A sharded
 * subscriber may also SSUBSCRIBE: on a cluster it keeps one more connection to each primary that owns a
 * subscribed channel's slot, and ioredis resubscribes those channels wherever their slots go (reconnect,
 * failover, slot move); on one server it is a plain subscriber.
 */
export type ConnectionRole = 'commands' | 'subscriber' | 'sharded-subscriber';

/**
 * An ioredis connection that never makes a request wait for Redis: commands are not queued while
 * disconnected and time out after `commandTimeoutMs`; reconnection retries forever with capped backoff.
 */
export function connectRedis(
  topology: RedisTopology,
  role: ConnectionRole,
  options: { commandTimeoutMs: number; logger: Logger; name: string },
): RedisClient {
  const commands = role === 'commands';
  const retryStrategy = (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000);
  const connection: IoRedisOptions = {
    connectionName: options.name,
    enableOfflineQueue: !commands,
    maxRetriesPerRequest: commands ? 0 : null,
    commandTimeout: commands ? options.commandTimeoutMs : undefined,
    connectTimeout: 2000,
    enableAutoPipelining: commands,
    retryStrategy,
  };
  const redis = openClient(topology, connection, retryStrategy, role === 'sharded-subscriber');
  let lastError = '';
  // Without a listener ioredis prints every connection error; log each distinct error once per outage
  redis.on('error', (err: Error) => {
    if (err.message === lastError) return;
    lastError = err.message;
    options.logger.warn({ err, connection: options.name }, 'redis connection error');
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

function openClient(
  topology: RedisTopology,
  connection: IoRedisOptions,
  retryStrategy: (attempt: number) => number,
  shardedSubscribers: boolean,
): RedisClient {
  switch (topology.kind) {
    case 'server':
      return new Redis(topology.url, connection);
    case 'sentinel':
      // ioredis asks the sentinels for the current primary on every (re)connection, so it follows failovers
      return new Redis({
        ...connection,
        sentinels: topology.sentinels.map((node) => ({ ...node })),
        name: topology.primaryName,
        sentinelRetryStrategy: retryStrategy,
      });
    case 'cluster': {
      const { enableOfflineQueue, enableAutoPipelining, ...perNode } = connection;
      const cluster = new Cluster(
        topology.nodes.map((node) => ({ ...node })),
        {
          redisOptions: perNode,
          enableOfflineQueue,
          enableAutoPipelining,
          clusterRetryStrategy: retryStrategy,
          // a primary's death is noticed on its next command; refresh the slot map often meanwhile
          slotsRefreshInterval: 1000,
          retryDelayOnFailover: 100,
          retryDelayOnClusterDown: 100,
          shardedSubscribers,
        },
      );
      return cluster as unknown as RedisClient;
    }
  }
}

/** How long a polite QUIT may take before the connection is dropped. */
const QUIT_TIMEOUT_MS = 2000;

/**
 * Closes a connection without waiting on an unreachable server: a QUIT that does not finish in time (a cluster
 * with a dead node never answers it) is cut short by dropping the connections.
 */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    const quit = redis.quit().then(
      () => true,
      () => false,
    );
    const quitted = await Promise.race([quit, sleep(QUIT_TIMEOUT_MS, false, { ref: false })]);
    if (!quitted) redis.disconnect();
  } else {
    redis.disconnect();
  }
}

/** Resolves true once the connection is ready, false after `timeoutMs`. */
export function waitReady(redis: RedisClient, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}
