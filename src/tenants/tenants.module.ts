import type { Kysely } from 'kysely';
import { apiKeyCacheKey, type AppCache } from '../cache/index.ts';
import { NotificationListener, type ControlTables } from '../db/index.ts';
import { KEY_REVOKED_CHANNEL, parseRevokedKey, TenantRepository } from './tenant.repository.ts';
import { TenantService, type KeyLookup } from './tenant.service.ts';

/** What the tenants module is built from. */
export interface TenantsModuleDeps {
  control: Kysely<ControlTables>;
  /** The control database's URL: revocations are heard on a connection of their own. */
  controlUrl: string;
  cache: AppCache;
  log: (line: string) => void;
}

/** The tenants module: the service, and `close` to stop hearing revocations. */
export interface Tenants {
  service: TenantService;
  close(): Promise<void>;
}

/** Builds the tenant service over the API key cache and starts hearing key revocations. */
export async function createTenants(d: TenantsModuleDeps): Promise<Tenants> {
  const { cache, log } = d;
  const service = new TenantService(new TenantRepository(d.control), {
    peek: (keyHash) => cache.peekLocal<KeyLookup>(apiKeyCacheKey(keyHash))?.value,
    getOrSet: (keyHash, load) => cache.getOrSet(apiKeyCacheKey(keyHash), load),
    delete: (keyHash) => cache.invalidateApiKey(keyHash),
    clear: () => cache.invalidateApiKeys(),
  });
  const logFailure = (what: string) => (error: unknown) =>
    log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  // Revocations by any process, the CLI included, reach this one within milliseconds, with or without Redis.
  const revocations = await NotificationListener.start(d.controlUrl, KEY_REVOKED_CHANNEL, {
    onNotification: (payload) => {
      const revoked = parseRevokedKey(payload);
      if (revoked) void service.keyRevoked(revoked).catch(logFailure('revocation'));
    },
    onGap: () => void service.resyncRevocations().catch(logFailure('revocation resync')),
    log,
  });
  return { service, close: () => revocations.close() };
}
