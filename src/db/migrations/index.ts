import type { Migration } from '../migrator.ts';
import { controlMigrations as coreControl } from './control.migrations.ts';
import { shardMigrations as coreShard } from './shard.migrations.ts';
import { costsControlMigrations, costsShardMigrations } from './costs.migrations.ts';
import { endpointControlMigrations } from './endpoint.migrations.ts';
import { automationShardMigrations } from './automation.migrations.ts';
import { quotaControlMigrations, quotaShardMigrations } from './quota.migrations.ts';
import { usersControlMigrations, usersShardMigrations } from './users.migrations.ts';
import { analyticsShardMigrations, retentionShardMigrations } from './analytics.migrations.ts';
import { shardMoveControlMigrations, shardMoveShardMigrations } from './shard-move.migrations.ts';
import { adjustmentsShardMigrations } from './adjustments.migrations.ts';

/** Every control-database migration, in order of application. */
export const controlMigrations: Migration[] = [
  ...coreControl,
  ...costsControlMigrations,
  ...usersControlMigrations,
  ...quotaControlMigrations,
  ...shardMoveControlMigrations,
  ...endpointControlMigrations,
];
/** Every shard migration, in order of application. */
export const shardMigrations: Migration[] = [
  ...coreShard,
  ...costsShardMigrations,
  ...automationShardMigrations,
  ...quotaShardMigrations,
  ...usersShardMigrations,
  ...analyticsShardMigrations,
  ...retentionShardMigrations,
  ...shardMoveShardMigrations,
  ...adjustmentsShardMigrations,
];
