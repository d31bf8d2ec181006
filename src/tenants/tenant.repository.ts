import { sql, type Kysely } from 'kysely';
import type { ControlTables } from '../db/index.ts';
import type { Role } from '../shared/roles.ts';

/** PostgreSQL channel on which every revocation is announced, committed with it (see `RevokedKey`). */
export const KEY_REVOKED_CHANNEL = 'api_key_revoked';

/** A revoked key as announced on `KEY_REVOKED_CHANNEL`: its id and SHA-256 (hex, the lookup cache's key). */
export interface RevokedKey {
  keyId: string;
  keyHash: string;
}

/** The revoked key of a `KEY_REVOKED_CHANNEL` payload, or undefined when it is not one. */
export function parseRevokedKey(payload: string): RevokedKey | undefined {
  try {
    const { keyId, keyHash } = JSON.parse(payload) as Partial<RevokedKey>;
    return typeof keyId === 'string' && typeof keyHash === 'string' ? { keyId, keyHash } : undefined;
  } catch {
    return undefined;
  }
}

/** A tenant as the API shows it. */
export interface Tenant {
  id: string;
  name: string;
  createdAt: Date;
}

/** An API key row without its hash. */
export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  prefix: string;
  name: string | null;
  /** What the key may do as its tenant. */
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Tenants and API keys in the control database. */
export class TenantRepository {
  constructor(private readonly db: Kysely<ControlTables>) {}

  async create(
    tenant: { id: string; name: string },
    key: { id: string; prefix: string; hash: Buffer; name: string },
  ) {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('tenants').values(tenant).execute();
      await trx
        .insertInto('api_keys')
        .values({ ...key, tenant_id: tenant.id })
        .execute();
    });
  }

  async get(tenantId: string): Promise<Tenant | undefined> {
    const row = await this.db
      .selectFrom('tenants')
      .select(['id', 'name', 'created_at'])
      .where('id', '=', tenantId)
      .executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.db
      .selectFrom('tenants')
      .select(['id', 'name', 'created_at'])
      .orderBy('created_at')
      .execute();
    return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
  }

  async createApiKey(
    tenantId: string,
    key: { id: string; prefix: string; hash: Buffer; name: string; role: Role },
  ) {
    await this.db
      .insertInto('api_keys')
      .values({ ...key, tenant_id: tenantId })
      .execute();
  }

  /** The live key with this prefix and its tenant, or undefined (unknown or revoked). */
  async getActiveKeyByPrefix(prefix: string) {
    return this.db
      .selectFrom('api_keys')
      .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
      .select([
        'api_keys.id',
        'api_keys.tenant_id',
        'api_keys.hash',
        'api_keys.role',
        'tenants.name as tenant_name',
      ])
      .where('api_keys.prefix', '=', prefix)
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
  }

  /**
   * Revokes a key; `tenantId` limits it to that tenant's keys when given. In the same transaction it is
   * announced on `KEY_REVOKED_CHANNEL`, so every process listening hears of it once it is committed.
   */
  async revokeApiKey(keyId: string, tenantId?: string): Promise<RevokedKey | undefined> {
    return this.db.transaction().execute(async (trx) => {
      let query = trx
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('id', '=', keyId)
        .where('revoked_at', 'is', null);
      if (tenantId) query = query.where('tenant_id', '=', tenantId);
      const row = await query.returning(['id', 'hash']).executeTakeFirst();
      if (!row) return undefined;
      const revoked: RevokedKey = { keyId: row.id, keyHash: row.hash.toString('hex') };
      await sql`SELECT pg_notify(${KEY_REVOKED_CHANNEL}, ${JSON.stringify(revoked)})`.execute(trx);
      return revoked;
    });
  }

  /** Which of these key ids are still live (not revoked). */
  async listActiveKeyIds(keyIds: readonly string[]): Promise<Set<string>> {
    if (keyIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('api_keys')
      .select('id')
      .where('id', 'in', keyIds)
      .where('revoked_at', 'is', null)
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  async listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .select(['id', 'tenant_id', 'prefix', 'name', 'role', 'created_at', 'revoked_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      prefix: row.prefix,
      name: row.name,
      role: row.role as Role,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    }));
  }
}
