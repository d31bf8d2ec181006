import { uuidv7 } from 'uuidv7';
import { apiKeyDigest, apiKeyMatches, mintApiKey, parseApiKeyPrefix } from './api-key.ts';
import type { ApiKeyRecord, RevokedKey, Tenant, TenantRepository } from './tenant.repository.ts';
import { RevokedKeys } from './revoked-keys.ts';
import { TenantNotFoundError, UnauthorizedError } from './tenants.errors.ts';
import { RecentDigests } from '../shared/recent-digests.ts';
import { isRole, type Role } from '../shared/roles.ts';

/** Who is calling: resolved from the API key on every request. */
export interface AuthContext {
  tenantId: string;
  tenantName: string;
  keyId: string;
  /** What the key may do as its tenant (owner unless the key was made with another role). */
  role: Role;
}

/** What a verified key resolves to (cached by the key's SHA-256, never by the key). */
export type KeyLookup = AuthContext;

/** Caches verified key lookups by the key's SHA-256 (hex); revocation deletes the entry everywhere. */
export interface KeyLookupCache {
  /** The lookup when this process holds it, without waiting; undefined sends the caller to `getOrSet`. */
  peek(keyHash: string): KeyLookup | undefined;
  getOrSet(keyHash: string, load: () => Promise<KeyLookup | undefined>): Promise<KeyLookup | undefined>;
  delete(keyHash: string): Promise<void>;
  /** Forgets every cached lookup (revocations may have been missed). */
  clear(): Promise<void>;
}

const noCache: KeyLookupCache = {
  peek: () => undefined,
  getOrSet: (_keyHash, load) => load(),
  delete: async () => undefined,
  clear: async () => undefined,
};

/** Tenants, their API keys, and authentication of presented keys. */
export class TenantService {
  readonly #unknownKeys = new RecentDigests();
  /** Keys that verified in the last 10 minutes: not held up while their address is blocked. */
  readonly #verifiedKeys = new RecentDigests(600_000);
  readonly #revoked = new RevokedKeys();

  constructor(
    private readonly tenants: TenantRepository,
    private readonly keyCache: KeyLookupCache = noCache,
  ) {}

  /** Creates a tenant with a first API key; the key is returned once and never stored in clear. */
  async createTenant(name: string): Promise<{ tenant: Tenant; apiKey: string; keyId: string }> {
    const key = mintApiKey();
    const tenant = { id: uuidv7(), name: name.trim() };
    const keyId = uuidv7();
    await this.tenants.create(tenant, { id: keyId, prefix: key.prefix, hash: key.hash, name: 'default' });
    const created = await this.tenants.get(tenant.id);
    if (!created) throw new TenantNotFoundError();
    return { tenant: created, apiKey: key.secret, keyId };
  }

  listTenants(): Promise<Tenant[]> {
    return this.tenants.list();
  }

  async getTenant(tenantId: string): Promise<Tenant> {
    const tenant = await this.tenants.get(tenantId);
    if (!tenant) throw new TenantNotFoundError();
    return tenant;
  }

  /** Adds an API key to an existing tenant, acting with `role` (owner by default). */
  async createApiKey(
    tenantId: string,
    name = 'key',
    role: Role = 'owner',
  ): Promise<{ keyId: string; apiKey: string; role: Role }> {
    await this.getTenant(tenantId);
    const key = mintApiKey();
    const keyId = uuidv7();
    await this.tenants.createApiKey(tenantId, { id: keyId, prefix: key.prefix, hash: key.hash, name, role });
    return { keyId, apiKey: key.secret, role };
  }

  listApiKeys(tenantId: string): Promise<ApiKeyRecord[]> {
    return this.tenants.listApiKeys(tenantId);
  }

  /**
   * Revokes a key. Every process hears of it once committed (see `keyRevoked`); this one acts at once.
   */
  async revokeApiKey(keyId: string, tenantId?: string): Promise<void> {
    const revoked = await this.tenants.revokeApiKey(keyId, tenantId);
    if (!revoked) throw new TenantNotFoundError('API key');
    await this.keyRevoked(revoked);
  }

  /**
   * A key was revoked, by this process or another (its `api_key_revoked` notification): from now on it is
   * refused here, its cached lookup is deleted and whatever it holds open (event streams) is ended.
   */
  async keyRevoked({ keyId, keyHash }: RevokedKey): Promise<void> {
    this.#revoked.revoked(keyId, keyHash);
    await this.keyCache.delete(keyHash);
  }

  /** Calls `onRevoked` once when key `keyId` is revoked (in any process); returns the function to stop. */
  watchRevocation(keyId: string, onRevoked: () => void): () => void {
    return this.#revoked.watch(keyId, onRevoked);
  }

  /**
   * Revocations may have been missed (the notifications were not heard for a while): every cached lookup is
   * forgotten and what revoked keys hold open is ended.
   */
  async resyncRevocations(): Promise<void> {
    await this.keyCache.clear();
    const watched = this.#revoked.watchedKeyIds();
    const active = await this.tenants.listActiveKeyIds(watched);
    for (const keyId of watched) if (!active.has(keyId)) this.#revoked.end(keyId);
  }

  /**
   * The calling tenant when this process already holds the presented key's verified lookup, without
   * waiting; undefined otherwise, and then `authenticate` decides (and rejects bad keys).
   */
  authenticateLocal(authorization: string | undefined): AuthContext | undefined {
    const key = bearerKey(authorization);
    if (key === undefined) return undefined;
    const digest = apiKeyDigest(key);
    return this.#revoked.isRefused(digest) ? undefined : this.keyCache.peek(digest);
  }

  /** True when the presented key verified in this process in the last 10 minutes (it may be revoked since). */
  verifiedRecently(authorization: string | undefined): boolean {
    const key = bearerKey(authorization);
    return key !== undefined && this.#verifiedKeys.has(apiKeyDigest(key));
  }

  /** Resolves `Authorization: Bearer <key>` to the calling tenant, or throws UnauthorizedError. */
  async authenticate(authorization: string | undefined): Promise<AuthContext> {
    const key = bearerKey(authorization);
    const prefix = key === undefined ? undefined : parseApiKeyPrefix(key);
    if (key === undefined || prefix === undefined) throw new UnauthorizedError();
    const digest = apiKeyDigest(key);
    if (this.#revoked.isRefused(digest) || this.#unknownKeys.has(digest))
      throw new UnauthorizedError('Invalid or revoked API key');
    let unknown = false;
    const lookup =
      this.keyCache.peek(digest) ??
      (await this.keyCache.getOrSet(digest, async () => {
        const row = await this.tenants.getActiveKeyByPrefix(prefix);
        if (row && apiKeyMatches(key, row.hash))
          return {
            keyId: row.id,
            tenantId: row.tenant_id,
            tenantName: row.tenant_name,
            role: isRole(row.role) ? row.role : 'viewer',
          };
        unknown = true;
        return undefined;
      }));
    if (!lookup) {
      // remembered only when the database said so, never for a lookup that timed out or failed
      if (unknown) this.#unknownKeys.add(digest);
      throw new UnauthorizedError('Invalid or revoked API key');
    }
    this.#verifiedKeys.add(digest);
    return lookup;
  }
}

/** The key of `Authorization: Bearer <key>`. */
export function bearerKey(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}
