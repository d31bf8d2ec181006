import type { Migration } from '../migrator.ts';

/** Automation rules, runs, notifications, webhooks (shards). */
export const automationShardMigrations: Migration[] = [];
