export { openDatabase, type Database } from './database.ts';
export { openPlatformDatabases, type PlatformDatabases } from './platform-databases.ts';
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
  premakeMonthPartitions,
  monthPartitionName,
  isMissingPartitionError,
  TENANT_HASH_PARTITIONS,
} from './partitions.ts';
export { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.ts';
export type { ControlTables, ShardTables } from './schema.ts';
