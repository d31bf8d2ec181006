export { openDatabase, type Database } from './database.ts';
export { pipelinedTransaction } from './pipelined-transaction.ts';
export {
  DatabaseUnavailableError,
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
} from './database-unavailable.ts';
export { openPlatformDatabases, type DatabaseUrls, type PlatformDatabases } from './platform-databases.ts';
export {
  setShardEndpoint,
  loadShardEndpoints,
  UnknownShardError,
  type ShardEndpoint,
  type ConfiguredShards,
} from './shard-endpoints.ts';
export { parseLsn } from './replica-lag.ts';
export type { ReplicaPolicy, ReplicaStatus } from './shard-replica.ts';
export { SharedWritePins } from './shared-write-pins.ts';
export {
  NotificationListener,
  LISTENER_APPLICATION_NAME,
  type ListenerHandlers,
} from './notification-listener.ts';
export { migrate, type Migration } from './migrator.ts';
export { controlMigrations, shardMigrations } from './migrations/index.ts';
export { ShardRouter, bucketOf, BUCKET_COUNT, ShardDirectoryError } from './shard-router.ts';
export {
  ensureMonthPartition,
  ensureTableMonthPartition,
  premakeMonthPartitions,
  monthPartitionName,
  isMissingPartitionError,
  TENANT_HASH_PARTITIONS,
} from './partitions.ts';
export { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.ts';
export type { ControlTables, ShardTables } from './schema.ts';
export { RETAINED_TABLES } from './migrations/analytics.migrations.ts';
export { TenantMoveError, isTenantMovingError, TENANT_MOVING_SQLSTATE } from './db.errors.ts';
export {
  registerShard,
  listShards,
  notifyDirectoryChange,
  redactPassword,
  SHARD_DIRECTORY_CHANNEL,
  type ShardEntry,
} from './shard-registry.ts';
export {
  TenantMover,
  type TenantMoverOptions,
  type TenantMoveResult,
  type MoveJobs,
} from './tenant-move.service.ts';
export { listTenantTables, type TenantTable } from './shard-move.tables.ts';
export { proposeRebalance, moveBucket, type RebalancePlan } from './shard-rebalance.service.ts';
export { planRebalance, type BucketMove } from './shard-rebalance.plan.ts';
