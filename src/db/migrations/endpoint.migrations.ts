import type { Migration } from '../migrator.ts';

/** Control database: where each shard is reached, set at run time (`shard add`, `shard set-url` after a failover). */
export const endpointControlMigrations: Migration[] = [
  {
    id: 'endpoints_001_shard_endpoints',
    sql: `
      -- Wins over SHARD_DATABASE_URLS / SHARD_REPLICA_URLS for its shard, so a restart keeps a failover.
      CREATE TABLE shard_endpoints (
        shard_id int PRIMARY KEY REFERENCES shards (id),
        primary_url text NOT NULL,
        replica_urls text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    id: 'endpoints_002_one_address_per_shard',
    sql: `
      -- One source of truth for a shard's address: shards.url (NULL: the configured SHARD_DATABASE_URLS entry)
      -- and shards.replica_urls (NULL: the configured SHARD_REPLICA_URLS entry). A set-url recorded in
      -- shard_endpoints carries over and wins, as it did.
      ALTER TABLE shards ADD COLUMN replica_urls text[];
      ALTER TABLE shards ADD COLUMN url_updated_at timestamptz;
      UPDATE shards s SET url = e.primary_url, replica_urls = e.replica_urls, url_updated_at = e.updated_at
        FROM shard_endpoints e WHERE e.shard_id = s.id;
      DROP TABLE shard_endpoints;
    `,
  },
];
