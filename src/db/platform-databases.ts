import { sql } from 'kysely';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrator.ts';
import { controlMigrations, shardMigrations } from './migrations/index.ts';
import { premakeMonthPartitions } from './partitions.ts';
import type { ControlTables, ShardTables } from './schema.ts';
import { ShardRouter } from './shard-router.ts';

/** The control database and the shards, migrated, with the router over the loaded shard directory. */
export interface PlatformDatabases {
  control: Database<ControlTables>;
  shards: Map<number, Database<ShardTables>>;
  router: ShardRouter;
  /** Every pool by its name in metrics and readiness (`control`, `shard_0`, …). */
  named: () => Array<[name: string, database: Database<unknown>]>;
  /** One `SELECT 1` probe per database, by name (for the readiness check). */
  probes(): Record<string, () => Promise<unknown>>;
  /** Stops the directory refresh and closes every pool. */
  close(): Promise<void>;
}

/**
 * Opens a pool per database (`onQuery(name)` observes each query's duration), migrates them, premakes
 * this month's partitions and loads the shard directory. A failed migration closes the pools again.
 */
export async function openPlatformDatabases(
  urls: { controlUrl: string; shardUrls: string[] },
  onQuery: (database: string) => (ms: number) => void,
): Promise<PlatformDatabases> {
  const control = openDatabase<ControlTables>(urls.controlUrl, { max: 10, onQuery: onQuery('control') });
  const shards = new Map(
    urls.shardUrls.map((url, id) => [
      id,
      openDatabase<ShardTables>(url, { max: 10, onQuery: onQuery(`shard_${id}`) }),
    ]),
  );
  const closePools = () => Promise.all([control, ...shards.values()].map((d) => d.db.destroy()));
  try {
    await migrate(control.db, controlMigrations);
    for (const shard of shards.values()) {
      await migrate(shard.db, shardMigrations);
      await premakeMonthPartitions(shard.db, new Date());
    }
  } catch (error) {
    await closePools();
    throw error;
  }
  const router = new ShardRouter(control.db, shards);
  await router.initDirectory();
  await router.load();
  router.startRefresh();

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
    close: async () => {
      router.stopRefresh();
      await closePools();
    },
  };
}
