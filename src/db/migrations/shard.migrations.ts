import type { Migration } from '../migrator.ts';

/** Shard databases: everything tenant-owned, `tenant_id` first in every primary key. */
export const shardMigrations: Migration[] = [
  {
    id: '001_files',
    sql: `
      -- Month RANGE partitions (UTC), each HASH-partitioned by tenant into 4 leaves; no DEFAULT partition:
      -- months are premade by the maintenance job, and an insert that finds none creates it and retries.
      CREATE TABLE files (
        tenant_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        id uuid NOT NULL,
        filename text NOT NULL,
        format text NOT NULL CHECK (format IN ('dwg', 'dxf', 'ifc', 'pdf')),
        size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
        sha256 text NOT NULL,
        blob_key text NOT NULL,
        status text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'processing', 'analyzed', 'failed')),
        status_label text,
        tags text[] NOT NULL DEFAULT '{}',
        notes text,
        processing_started_at timestamptz,
        processed_at timestamptz,
        processing_ms int,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, created_at, id)
      ) PARTITION BY RANGE (created_at);
      CREATE INDEX files_tenant_status_idx ON files (tenant_id, status, created_at DESC);

      CREATE TABLE file_analyses (
        tenant_id uuid NOT NULL,
        file_id uuid NOT NULL,
        file_created_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'completed', 'failed')),
        options jsonb NOT NULL DEFAULT '{}',
        result jsonb,
        error jsonb,
        attempts int NOT NULL DEFAULT 0,
        started_at timestamptz,
        completed_at timestamptz,
        duration_ms int,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, file_id)
      );
    `,
  },
  {
    id: '002_layer_mappings',
    sql: `
      -- Tenant overrides of layer/block classification; they win over the built-in rules in later analyses.
      CREATE TABLE layer_mappings (
        tenant_id uuid NOT NULL,
        pattern text NOT NULL,
        element_class text NOT NULL,
        position int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, pattern)
      );
    `,
  },
  {
    id: '003_upload_backlog_index',
    sql: `
      -- Each upload is checked against the tenant's analyses not yet finished (the analysis_backlog quota):
      -- this partial index holds only those, so the check reads at most the quota's worth of index entries.
      CREATE INDEX file_analyses_unfinished_idx ON file_analyses (tenant_id)
        WHERE status IN ('pending', 'processing');
    `,
  },
];
