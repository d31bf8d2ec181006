import type { ColumnType } from 'kysely';
import type { Migration } from '../migrator.ts';

/** Per-tenant quota usage (shards): counters updated in the same transaction as the rows they count. */
export const quotaShardMigrations: Migration[] = [
  {
    id: '401_quota_usage',
    sql: `
      -- period: 'total' for what a tenant holds (files, bytes, rules), the UTC day 'YYYY-MM-DD' for daily quotas.
      -- One row per counter: a reservation is one upsert that locks it, so concurrent requests queue on it.
      CREATE TABLE quota_usage (
        tenant_id uuid NOT NULL,
        quota text NOT NULL,
        period text NOT NULL,
        used bigint NOT NULL CHECK (used >= 0),
        PRIMARY KEY (tenant_id, quota, period)
      );
      INSERT INTO quota_usage (tenant_id, quota, period, used)
        SELECT tenant_id, 'files', 'total', count(*) FROM files GROUP BY tenant_id
        UNION ALL
        SELECT tenant_id, 'stored_bytes', 'total', sum(size_bytes) FROM files GROUP BY tenant_id
        UNION ALL
        SELECT tenant_id, 'automation_rules', 'total', count(*) FROM automation_rules GROUP BY tenant_id;
    `,
  },
];

/** Per-tenant quota limits (control database): an operator's override of a default for one tenant. */
export const quotaControlMigrations: Migration[] = [
  {
    id: '402_tenant_quota_limits',
    sql: `
      CREATE TABLE tenant_quota_limits (
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        quota text NOT NULL,
        quota_limit bigint NOT NULL CHECK (quota_limit >= 0),
        set_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, quota)
      );
    `,
  },
];

/** Kysely types of the quota tables on the shards (merged into `ShardTables`). */
export interface QuotaTables {
  quota_usage: { tenant_id: string; quota: string; period: string; used: number };
}

/** Kysely types of the quota tables in the control database (merged into `ControlTables`). */
export interface QuotaControlTables {
  tenant_quota_limits: {
    tenant_id: string;
    quota: string;
    quota_limit: number;
    set_at: ColumnType<Date, never, Date>;
  };
}
