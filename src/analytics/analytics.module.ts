import type { Kysely } from 'kysely';
import type { AppCache } from '../cache/index.ts';
import type { ControlTables, Database, ShardRouter, ShardTables } from '../db/index.ts';
import type { Metrics } from '../observability/index.ts';
import { SlowQueryService } from './slow-query.service.ts';
import { UsageViewsRepository } from './usage-views.repository.ts';
import { UsageService } from './usage.service.ts';
import { ViewRefresher, type ShardViews } from './view-refresher.ts';
import { RetentionRepository } from './retention.repository.ts';
import { RetentionService, type RetentionSettings } from './retention.service.ts';

/** What the analytics module is built from. */
export interface AnalyticsModuleDeps {
  router: ShardRouter;
  control: Database<ControlTables>;
  cache: AppCache;
  metrics: Metrics;
  log: (line: string) => void;
  retention: RetentionSettings;
}

/** The seed's query optimisation and analytics: slow statements, usage views and their refresher. */
export interface Analytics {
  slowQueries: SlowQueryService;
  usage: UsageService;
  refresher: ViewRefresher;
  /** Monthly runs and notifications: premade months, expired months archived and dropped. */
  retention: RetentionService;
  /** Refreshes the views of every shard every `intervalMs` (worker processes). */
  startWorkers(intervalMs: number): void;
  close(): Promise<void>;
}

/** Builds the slow-query report over the control database and every shard, and the usage views. */
export function createAnalytics(d: AnalyticsModuleDeps): Analytics {
  const repositories = new Map<Database<ShardTables>, UsageViewsRepository>();
  const viewsOf = (shard: Database<ShardTables>) => {
    let views = repositories.get(shard);
    if (!views) repositories.set(shard, (views = new UsageViewsRepository(shard.db as Kysely<unknown>)));
    return views;
  };
  // Read from the router on every use, so a shard added while running is included.
  const shards = (): ShardViews[] => d.router.all().map(([id, shard]) => [`shard_${id}`, viewsOf(shard)]);
  const refresher = new ViewRefresher(shards, d.metrics, d.log);
  const usage = new UsageService({
    shards,
    shardOf: (tenantId) => {
      const id = d.router.shardIdFor(tenantId);
      return { name: `shard_${id}`, views: viewsOf(d.router.shard(id)) };
    },
    refresher,
    cache: d.cache,
  });
  const slowQueries = new SlowQueryService(() =>
    distinctDatabases([
      ['control', d.control],
      ...d.router.all().map(([id, shard]): [string, Database<ShardTables>] => [`shard_${id}`, shard]),
    ]),
  );
  const retentionRepositories = new Map<Database<ShardTables>, RetentionRepository>();
  const retention = new RetentionService(
    () =>
      d.router.all().map(([id, shard]) => {
        let repository = retentionRepositories.get(shard);
        if (!repository)
          retentionRepositories.set(
            shard,
            (repository = new RetentionRepository(shard.db as Kysely<unknown>)),
          );
        return [`shard_${id}`, repository];
      }),
    d.retention,
  );
  return {
    slowQueries,
    usage,
    refresher,
    retention,
    startWorkers: (intervalMs) => refresher.start(intervalMs),
    close: () => refresher.stop(),
  };
}

/**
 * One entry per database: where the shards live in the control database (no SHARD_DATABASE_URLS), its
 * statements are reported once, named `control+shard_0`.
 */
export function distinctDatabases(
  named: Array<[name: string, database: Database<unknown> | Database<ShardTables> | Database<ControlTables>]>,
): Array<[name: string, db: Kysely<unknown>]> {
  const byUrl = new Map<string, { names: string[]; db: Kysely<unknown> }>();
  for (const [name, database] of named) {
    const entry = byUrl.get(database.url);
    if (entry) entry.names.push(name);
    else byUrl.set(database.url, { names: [name], db: database.db as Kysely<unknown> });
  }
  return [...byUrl.values()].map(({ names, db }) => [names.join('+'), db]);
}
