import type { ColumnType, Generated } from 'kysely';
import type { Migration } from '../migrator.ts';

/** Automation rules, runs, action state and attempts, notifications, reports, webhook secrets (shards). */
export const automationShardMigrations: Migration[] = [
  {
    id: '301_automation',
    sql: `
      CREATE TABLE automation_rules (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        name text NOT NULL,
        description text,
        trigger_type text NOT NULL,
        trigger_settings jsonb,
        trigger_conditions jsonb NOT NULL,
        actions jsonb NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        disabled_reason text,
        version int NOT NULL DEFAULT 1,
        last_triggered_at timestamptz,
        next_run_at timestamptz,
        last_run_slot timestamptz,
        consecutive_failures int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      );
      CREATE INDEX automation_rules_trigger_idx ON automation_rules (tenant_id, trigger_type) WHERE is_active;
      CREATE INDEX automation_rules_due_idx ON automation_rules (next_run_at) WHERE is_active AND next_run_at IS NOT NULL;

      -- One signing secret per rule; the previous one keeps signing for a while after a rotation.
      CREATE TABLE automation_webhook_secrets (
        tenant_id uuid NOT NULL,
        rule_id uuid NOT NULL,
        secret text NOT NULL,
        previous_secret text,
        rotated_at timestamptz,
        disabled_urls text[] NOT NULL DEFAULT '{}',
        disabled_at timestamptz,
        PRIMARY KEY (tenant_id, rule_id)
      );

      CREATE TABLE automation_runs (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        rule_id uuid NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        event jsonb NOT NULL,
        matched boolean NOT NULL,
        trace jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'blocked', 'rate_limited')),
        causation jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        duration_ms int,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, rule_id, event_id)
      );
      CREATE INDEX automation_runs_rule_idx ON automation_runs (tenant_id, rule_id, id DESC);

      CREATE TABLE automation_actions (
        tenant_id uuid NOT NULL,
        run_id uuid NOT NULL,
        action_index int NOT NULL,
        rule_id uuid NOT NULL,
        type text NOT NULL,
        action jsonb NOT NULL,
        idempotency_key text NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'retrying', 'dead')),
        attempts int NOT NULL DEFAULT 0,
        replay_base int NOT NULL DEFAULT 0,
        last_error jsonb,
        result jsonb,
        next_attempt_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, run_id, action_index)
      );

      CREATE TABLE automation_action_attempts (
        tenant_id uuid NOT NULL,
        run_id uuid NOT NULL,
        action_index int NOT NULL,
        attempt int NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms int NOT NULL,
        ok boolean NOT NULL,
        response_status int,
        response_body text,
        error jsonb,
        PRIMARY KEY (tenant_id, run_id, action_index, attempt)
      );

      CREATE TABLE notifications (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        source_key text NOT NULL,
        title text NOT NULL,
        message text NOT NULL,
        rule_id uuid,
        run_id uuid,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, source_key)
      );
      CREATE INDEX notifications_recent_idx ON notifications (tenant_id, id DESC);

      CREATE TABLE reports (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        source_key text NOT NULL,
        rule_id uuid,
        run_id uuid,
        file_id uuid,
        kind text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        filename text NOT NULL,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, source_key)
      );

      -- Tenant-submitted event keys, deduplicated for 24 h.
      CREATE TABLE automation_event_keys (
        tenant_id uuid NOT NULL,
        key text NOT NULL,
        event_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      );

      -- Fixed one-minute windows per tenant ('*') and per rule.
      CREATE TABLE automation_rate_counters (
        tenant_id uuid NOT NULL,
        scope text NOT NULL,
        window_start timestamptz NOT NULL,
        count int NOT NULL,
        PRIMARY KEY (tenant_id, scope, window_start)
      );

      CREATE TABLE automation_threshold_state (
        tenant_id uuid NOT NULL,
        rule_id uuid NOT NULL,
        last_value double precision,
        last_fired_at timestamptz,
        PRIMARY KEY (tenant_id, rule_id)
      );
    `,
  },
  {
    id: '302_automation_event_types',
    sql: `
      -- Custom event types a tenant submitted that no rule listened to: at most EVENT_CUSTOM_TYPES_MAX each.
      CREATE TABLE automation_event_types (
        tenant_id uuid NOT NULL,
        type text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, type)
      );
    `,
  },
];

type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** Kysely types of the automation tables (merged into `ShardTables`). */
export interface AutomationTables {
  automation_rules: {
    tenant_id: string;
    id: string;
    name: string;
    description: string | null;
    trigger_type: string;
    trigger_settings: NullableJson<Record<string, unknown>>;
    trigger_conditions: Json<unknown>;
    actions: Json<unknown[]>;
    is_active: Generated<boolean>;
    disabled_reason: string | null;
    version: Generated<number>;
    last_triggered_at: Date | null;
    next_run_at: Date | null;
    last_run_slot: Date | null;
    consecutive_failures: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  automation_webhook_secrets: {
    tenant_id: string;
    rule_id: string;
    secret: string;
    previous_secret: string | null;
    rotated_at: Date | null;
    disabled_urls: Generated<string[]>;
    disabled_at: Date | null;
  };
  automation_runs: {
    tenant_id: string;
    id: string;
    rule_id: string;
    event_id: string;
    event_type: string;
    event: Json<unknown>;
    matched: boolean;
    trace: Json<unknown[]>;
    status: string;
    causation: Json<unknown>;
    created_at: Generated<Date>;
    finished_at: Date | null;
    duration_ms: number | null;
  };
  automation_actions: {
    tenant_id: string;
    run_id: string;
    action_index: number;
    rule_id: string;
    type: string;
    action: Json<unknown>;
    idempotency_key: string;
    status: Generated<string>;
    attempts: Generated<number>;
    replay_base: Generated<number>;
    last_error: NullableJson<unknown>;
    result: NullableJson<unknown>;
    next_attempt_at: Date | null;
    updated_at: Generated<Date>;
  };
  automation_action_attempts: {
    tenant_id: string;
    run_id: string;
    action_index: number;
    attempt: number;
    started_at: Date;
    duration_ms: number;
    ok: boolean;
    response_status: number | null;
    response_body: string | null;
    error: NullableJson<unknown>;
  };
  notifications: {
    tenant_id: string;
    id: string;
    source_key: string;
    title: string;
    message: string;
    rule_id: string | null;
    run_id: string | null;
    read_at: Date | null;
    created_at: Generated<Date>;
  };
  reports: {
    tenant_id: string;
    id: string;
    source_key: string;
    rule_id: string | null;
    run_id: string | null;
    file_id: string | null;
    kind: string;
    format: string;
    filename: string;
    content: Buffer;
    created_at: Generated<Date>;
  };
  automation_event_keys: { tenant_id: string; key: string; event_id: string; created_at: Generated<Date> };
  automation_event_types: { tenant_id: string; type: string; created_at: Generated<Date> };
  automation_rate_counters: { tenant_id: string; scope: string; window_start: Date; count: number };
  automation_threshold_state: {
    tenant_id: string;
    rule_id: string;
    last_value: number | null;
    last_fired_at: Date | null;
  };
}
