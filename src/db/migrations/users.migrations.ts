import type { ColumnType, Generated } from 'kysely';
import type { Migration } from '../migrator.ts';

/**
 * Control database: users of a tenant (sign-in by email, so the email is unique across tenants), their
 * server-side sessions (the token's SHA-256 only), and the role an API key acts with.
 */
export const usersControlMigrations: Migration[] = [
  {
    id: '501_users_and_sessions',
    sql: `
      ALTER TABLE api_keys ADD COLUMN role text NOT NULL DEFAULT 'owner'
        CHECK (role IN ('owner', 'estimator', 'viewer'));
      -- emails are stored lower-cased: unique and matched case-insensitively
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        email text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'estimator', 'viewer')),
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX users_tenant_idx ON users (tenant_id, created_at);
      CREATE TABLE user_sessions (
        id uuid PRIMARY KEY,
        token_hash bytea NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX user_sessions_user_idx ON user_sessions (user_id) WHERE revoked_at IS NULL;
      CREATE INDEX user_sessions_expires_idx ON user_sessions (expires_at);
    `,
  },
];

/** Shard databases: who uploaded a file (null for API-key uploads and files from before users). */
export const usersShardMigrations: Migration[] = [
  { id: '501_files_user_id', sql: `ALTER TABLE files ADD COLUMN user_id uuid;` },
];

/** Kysely types of the users tables (merged into `ControlTables`). */
export interface UserTables {
  users: {
    id: string;
    tenant_id: string;
    email: string;
    password_hash: string;
    role: string;
    disabled_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  user_sessions: {
    id: string;
    token_hash: Buffer;
    user_id: string;
    csrf_token: string;
    created_at: Generated<Date>;
    last_seen_at: ColumnType<Date, Date | undefined, Date>;
    expires_at: Date;
    revoked_at: Date | null;
  };
}
