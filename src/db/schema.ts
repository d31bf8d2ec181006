import type { ColumnType, Generated } from 'kysely';
import type { AnalysisStatus, FileStatus } from '../files/file-status.ts';
import type { CostTables } from './cost-tables.ts';
import type { AutomationTables } from './migrations/automation.migrations.ts';
import type { QuotaControlTables, QuotaTables } from './migrations/quota.migrations.ts';
import type { RetentionTables } from './migrations/analytics.migrations.ts';
import type { AdjustmentTables } from './migrations/adjustments.migrations.ts';
import type { UserTables } from './migrations/users.migrations.ts';

/** A jsonb column with a database default. */
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
/** A nullable jsonb column. */
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** Tables of the control database. */
export interface ControlTables extends UserTables, QuotaControlTables {
  tenants: {
    id: string;
    name: string;
    settings: JsonWithDefault<Record<string, unknown>>;
    created_at: Generated<Date>;
  };
  api_keys: {
    id: string;
    tenant_id: string;
    prefix: string;
    hash: Buffer;
    name: string | null;
    /** The role the key acts with (owner unless it says otherwise). */
    role: Generated<string>;
    created_at: Generated<Date>;
    revoked_at: Date | null;
  };
  shards: { id: number; name: string; created_at: Generated<Date> };
  buckets: { bucket: number; shard_id: number };
  tenant_placement: {
    tenant_id: string;
    shard_id: number;
    reason: string | null;
    created_at: Generated<Date>;
  };
  materials: CostTables['materials'];
  locations: CostTables['locations'];
}

/** Tables of every shard database. */
export interface ShardTables extends AutomationTables, QuotaTables, RetentionTables, AdjustmentTables {
  files: {
    tenant_id: string;
    created_at: Date;
    id: string;
    filename: string;
    format: string;
    size_bytes: number;
    sha256: string;
    blob_key: string;
    status: Generated<FileStatus>;
    status_label: string | null;
    tags: Generated<string[]>;
    notes: string | null;
    processing_started_at: Date | null;
    processed_at: Date | null;
    processing_ms: number | null;
    /** The user who uploaded it; null for API-key uploads. */
    user_id: ColumnType<string | null, string | null | undefined, string | null>;
    updated_at: Generated<Date>;
  };
  layer_mappings: {
    tenant_id: string;
    pattern: string;
    element_class: string;
    position: number;
    updated_at: Generated<Date>;
  };
  file_analyses: {
    tenant_id: string;
    file_id: string;
    file_created_at: Date;
    status: Generated<AnalysisStatus>;
    options: JsonWithDefault<Record<string, unknown>>;
    result: NullableJson<unknown>;
    error: NullableJson<{ code: string; message: string }>;
    attempts: Generated<number>;
    started_at: Date | null;
    completed_at: Date | null;
    duration_ms: number | null;
    updated_at: Generated<Date>;
  };
  cost_estimates: CostTables['cost_estimates'];
}
