import type { Migration } from '../migrator.ts';

/**
 * Control database: shards registered at run time keep their URL here (the configured ones have none: their
 * URL comes from SHARD_DATABASE_URLS), and each tenant move keeps its progress, so an interrupted move resumes.
 */
export const shardMoveControlMigrations: Migration[] = [
  {
    id: '1702_shard_urls_and_tenant_moves',
    sql: `
      ALTER TABLE shards ADD COLUMN url text;
      CREATE TABLE tenant_moves (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
        source_shard int NOT NULL REFERENCES shards (id),
        target_shard int NOT NULL REFERENCES shards (id),
        state text NOT NULL CHECK (state IN ('copying', 'catching_up', 'flipped', 'done', 'failed')),
        error text,
        stats jsonb NOT NULL DEFAULT '{}',
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

/**
 * Shard databases: the change log of tenants being moved away. `shard_move_capture` is installed as an AFTER
 * ROW trigger on every tenant-owned table when a move starts (see shard-move.sql.ts); it costs one primary-key
 * lookup in `shard_move_tenants` per written row, and logs the key of each row a moving tenant writes.
 * - state 'capturing': the row's key goes to `shard_move_changes`, under a shared advisory lock of the
 *   tenant that the mover's fence takes exclusively (a writer that meets the fence fails at once: SQLSTATE
 *   CAM01, answered 503 + Retry-After, instead of holding its transaction — and a group commit of other
 *   tenants' uploads — for the fence's length).
 * - state 'moved' (kept as a tombstone after the move): every write of that tenant fails with CAM01, so a
 *   process that has not yet heard of the new placement cannot write to the old shard.
 * The mover's own statements set `construction_ai.shard_move = 'on'` (transaction-local) and pass.
 */
export const shardMoveShardMigrations: Migration[] = [
  {
    id: '1702_shard_move_capture',
    sql: `
      CREATE TABLE shard_move_tenants (
        tenant_id uuid PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('capturing', 'moved')),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE shard_move_changes (
        tenant_id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        table_name text NOT NULL,
        row_key jsonb NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      );
      -- arguments: the table's name (a partitioned root's, not the leaf's) and its primary key columns
      CREATE FUNCTION shard_move_capture() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        row_tenant uuid;
        move_state text;
        new_key jsonb;
        old_key jsonb;
      BEGIN
        IF current_setting('construction_ai.shard_move', true) = 'on' THEN RETURN NULL; END IF;
        row_tenant := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
        SELECT state INTO move_state FROM shard_move_tenants WHERE tenant_id = row_tenant;
        IF NOT FOUND THEN RETURN NULL; END IF;
        IF move_state = 'moved'
          OR NOT pg_try_advisory_xact_lock_shared(hashtext('construction-ai:tenant-move'), hashtext(row_tenant::text))
        THEN
          RAISE EXCEPTION 'tenant % is moving to another shard; retry shortly', row_tenant USING ERRCODE = 'CAM01';
        END IF;
        IF TG_OP <> 'INSERT' THEN
          SELECT jsonb_object_agg(k, to_jsonb(OLD) -> k) INTO old_key FROM unnest(TG_ARGV[1:]) AS k;
          INSERT INTO shard_move_changes (tenant_id, table_name, row_key) VALUES (row_tenant, TG_ARGV[0], old_key);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          SELECT jsonb_object_agg(k, to_jsonb(NEW) -> k) INTO new_key FROM unnest(TG_ARGV[1:]) AS k;
          IF old_key IS DISTINCT FROM new_key THEN
            INSERT INTO shard_move_changes (tenant_id, table_name, row_key) VALUES (row_tenant, TG_ARGV[0], new_key);
          END IF;
        END IF;
        RETURN NULL;
      END $$;
    `,
  },
];
