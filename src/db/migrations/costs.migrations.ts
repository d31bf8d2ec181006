import type { Migration } from '../migrator.ts';

/** Cost estimation: catalog and locations (control database). */
export const costsControlMigrations: Migration[] = [];

/** Cost estimation: estimates and their similarity vectors (shards). */
export const costsShardMigrations: Migration[] = [];
