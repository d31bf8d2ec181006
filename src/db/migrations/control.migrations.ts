import type { Migration } from '../migrator.ts';

/** Control database: tenants, API keys, the shard directory (buckets and placements). */
export const controlMigrations: Migration[] = [
  {
    id: '001_tenants_and_shards',
    sql: `
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        settings jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        prefix text NOT NULL UNIQUE,
        hash bytea NOT NULL,
        name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);

      CREATE TABLE shards (
        id int PRIMARY KEY CHECK (id >= 0),
        name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- 4096 logical buckets, each on one physical shard; shards are added by moving buckets, never by rehashing.
      CREATE TABLE buckets (
        bucket int PRIMARY KEY CHECK (bucket >= 0 AND bucket < 4096),
        shard_id int NOT NULL REFERENCES shards (id)
      );
      -- Per-tenant override of the bucket rule (big tenants, moves in progress).
      CREATE TABLE tenant_placement (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
        shard_id int NOT NULL REFERENCES shards (id),
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- Same rule as bucketOf() in shard-router.ts: first 4 bytes of md5(id text) as unsigned int, mod 4096.
      CREATE FUNCTION tenant_bucket(tenant uuid) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
        $$ SELECT (('x' || substr(md5(tenant::text), 1, 8))::bit(32)::bigint % 4096)::int $$;
      CREATE FUNCTION tenant_shard(tenant uuid) RETURNS int LANGUAGE sql STABLE AS $$
        SELECT coalesce(
          (SELECT shard_id FROM tenant_placement WHERE tenant_id = tenant),
          (SELECT shard_id FROM buckets WHERE bucket = tenant_bucket(tenant)))
      $$;
    `,
  },
];
