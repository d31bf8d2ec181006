import { sql } from 'kysely';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrator.ts';
import { controlMigrations, shardMigrations } from './migrations/index.ts';
import { premakeMonthPartitions } from './partitions.ts';
import { ReplicaRouting } from './replica-routing.ts';
import type { ControlTables, ShardTables } from './schema.ts';
import { ShardEndpointFollower } from './shard-endpoint-follower.ts';
import { loadShardEndpoints, type ShardEndpoint } from './shard-endpoints.ts';
import type { ReplicaPolicy, ReplicaStatus } from './shard-replica.ts';
import type { SharedWritePins } from './shared-write-pins.ts';
import { ShardRouter } from './shard-router.ts';
import { NotificationListener } from './notification-listener.ts';
import { parseDirectoryChange, SHARD_DIRECTORY_CHANNEL } from './shard-registry.ts';

/** The control database and the shards, migrated, with the router over the loaded shard directory. */
export interface PlatformDatabases {
  control: Database<ControlTables>;
  shards: Map<number, Database<ShardTables>>;
  router: ShardRouter;
  /** Every pool by its name in metrics and readiness (`control`, `shard_0`, …). */
  named: () => Array<[name: string, database: Database<unknown>]>;
  /** One `SELECT 1` probe per database, by name (for the readiness check). */
  probes(): Record<string, () => Promise<unknown>>;
  /** Calls `listener` for each shard this process opens after start (registered by `shard add`). */
  onShardAdded(listener: (id: number, url: string) => Promise<void> | void): void;
  /** Calls `listener` for each tenant whose placement changed (heard over NOTIFY, after the reload). */
  onPlacementChanged(listener: (tenantId: string) => Promise<void> | void): void;
  /** Every streaming replica's health and lag. */
  replicas(): ReplicaStatus[];
  /** Called after a shard's primary moved (`shard set-url`), once its new pool is in place. */
  onPrimaryMoved(listener: (shardId: number, url: string) => Promise<void>): void;
  /** Rereads the shard endpoints now (the control database's announcement does it within moments). */
  reloadEndpoints(): Promise<void>;
  /** Stops the directory refresh and closes every pool. */
  close(): Promise<void>;
}

/** Where the databases are: control, one primary URL per shard, and each shard's streaming replicas. */
export interface DatabaseUrls {
  controlUrl: string;
  shardUrls: string[];
  replicaUrls?: ReadonlyMap<number, readonly string[]>;
}

const DEFAULT_REPLICA_POLICY: ReplicaPolicy = { maxLagMs: 2_000, pollMs: 250, pinMs: 10_000 };

/**
 * Opens a pool per database (`onQuery(name)` observes each query's duration), migrates them, premakes
 * this month's partitions and loads the shard directory, then listens for directory changes. A shard's
 * address is its `shards` row's (set by `shard add` or `shard set-url`), else the configured one; one follower
 * keeps the pools at those addresses while running. A failed migration closes the pools again. With
 * `sharedPins`, read-your-writes pins reach every process (else they hold in this one only).
 */
export async function openPlatformDatabases(
  urls: DatabaseUrls,
  onQuery: (database: string) => (ms: number) => void,
  options: { replicaPolicy?: ReplicaPolicy; sharedPins?: SharedWritePins; log?: (line: string) => void } = {},
): Promise<PlatformDatabases> {
  const log = options.log ?? (() => undefined);
  const control = openDatabase<ControlTables>(urls.controlUrl, { max: 10, onQuery: onQuery('control') });
  const openShard = (id: number, url: string) =>
    openDatabase<ShardTables>(url, { max: 10, onQuery: onQuery(`shard_${id}`) });
  const shards = new Map<number, Database<ShardTables>>();
  const closePools = () => Promise.all([control, ...shards.values()].map((d) => d.db.destroy()));
  let endpoints: Map<number, ShardEndpoint>;
  try {
    await migrate(control.db, controlMigrations);
    endpoints = await loadShardEndpoints(control.db, urls);
    for (const { shardId, primaryUrl } of endpoints.values())
      shards.set(shardId, openShard(shardId, primaryUrl));
    for (const shard of shards.values()) await prepareShard(shard);
  } catch (error) {
    await closePools();
    throw error;
  }
  const shardAdded: Array<(id: number, url: string) => Promise<void> | void> = [];
  const placementChanged: Array<(tenantId: string) => Promise<void> | void> = [];
  const primaryMoved: Array<(shardId: number, url: string) => Promise<void>> = [];
  const replicas = new ReplicaRouting(
    (id) => shards.get(id)!,
    options.replicaPolicy ?? DEFAULT_REPLICA_POLICY,
    options.sharedPins,
  );
  for (const endpoint of endpoints.values()) await replicas.set(endpoint.shardId, endpoint.replicaUrls);
  const follower = new ShardEndpointFollower(
    control.db,
    urls,
    shards,
    {
      open: async ({ shardId, primaryUrl }) => {
        const shard = openShard(shardId, primaryUrl);
        await prepareShard(shard).catch(async (error: unknown) => {
          await shard.db.destroy();
          throw error;
        });
        shards.set(shardId, shard);
        for (const listener of shardAdded) await listener(shardId, primaryUrl);
        log(`shard ${shardId} added`);
      },
      repoint: async ({ shardId, primaryUrl }) => {
        const old = shards.get(shardId)!;
        shards.set(shardId, openShard(shardId, primaryUrl));
        log(`shard ${shardId}: primary moved`);
        for (const listener of primaryMoved)
          await listener(shardId, primaryUrl).catch((error: unknown) =>
            log(`shard ${shardId}: repointing failed: ${(error as Error).message}`),
          );
        void old.db.destroy().catch(() => undefined); // in-flight queries finish; the dead server's fail
      },
      setReplicas: (shardId, replicaUrls) => replicas.set(shardId, replicaUrls),
    },
    log,
  );
  follower.started(endpoints.values());
  const router = new ShardRouter(control.db, shards, () => follower.sync(), replicas);
  await router.initDirectory();
  await router.load().catch(async (error: unknown) => {
    await closePools();
    throw error;
  });
  router.startRefresh();
  const directoryListener = await listenForDirectoryChanges(urls.controlUrl, router, placementChanged, log);

  const named = (): Array<[string, Database<unknown>]> => [
    ['control', control as Database<unknown>],
    ...[...shards].map(
      ([id, shard]) => [`shard_${id}`, shard as Database<unknown>] as [string, Database<unknown>],
    ),
  ];
  return {
    control,
    shards,
    router,
    named,
    probes: () => Object.fromEntries(named().map(([name, d]) => [name, () => sql`SELECT 1`.execute(d.db)])),
    onShardAdded: (listener) => void shardAdded.push(listener),
    onPlacementChanged: (listener) => void placementChanged.push(listener),
    replicas: () => replicas.status(),
    onPrimaryMoved: (listener) => void primaryMoved.push(listener),
    reloadEndpoints: () => follower.sync(),
    close: async () => {
      await router.stopRefresh();
      await directoryListener.close();
      await replicas.close();
      await closePools();
    },
  };
}

/** Brings a shard's schema up to date and premakes this month's partitions. */
async function prepareShard(shard: Database<ShardTables>): Promise<void> {
  await migrate(shard.db, shardMigrations);
  await premakeMonthPartitions(shard.db, new Date());
}

/**
 * `shard add`, `shard set-url` and `tenant move` NOTIFY the control database: the directory (shard addresses
 * included) is reloaded at once (not on the next refresh), then each tenant named is reported as moved; after a gap in listening, reloaded only.
 * `close` stops listening and waits for the reloads already running, so none is left querying closed pools
 * (a command's own last change, such as `shard rebalance`'s last bucket move, arrives as it closes).
 */
async function listenForDirectoryChanges(
  controlUrl: string,
  router: ShardRouter,
  placementChanged: ReadonlyArray<(tenantId: string) => Promise<void> | void>,
  log: (line: string) => void,
): Promise<{ close(): Promise<void> }> {
  const running = new Set<Promise<void>>();
  let closing = false;
  const report = (error: unknown) => log(`shard directory reload failed: ${String(error)}`);
  const reload = (tenantIds: string[]) => {
    if (closing) return;
    const done = (async () => {
      await router.load();
      for (const tenantId of tenantIds) for (const listener of placementChanged) await listener(tenantId);
    })()
      .catch(report)
      .finally(() => running.delete(done));
    running.add(done);
  };
  const listener = await NotificationListener.start(controlUrl, SHARD_DIRECTORY_CHANNEL, {
    onNotification: (payload) => reload(parseDirectoryChange(payload).tenantIds),
    onGap: () => reload([]),
    log,
  });
  return {
    close: async () => {
      closing = true;
      await listener.close();
      await Promise.all(running);
    },
  };
}
