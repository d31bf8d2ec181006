export {
  TenantRepository,
  KEY_REVOKED_CHANNEL,
  parseRevokedKey,
  type Tenant,
  type ApiKeyRecord,
  type RevokedKey,
} from './tenant.repository.ts';
export {
  TenantService,
  bearerKey,
  type AuthContext,
  type KeyLookup,
  type KeyLookupCache,
} from './tenant.service.ts';
export { UnauthorizedError, TenantNotFoundError } from './tenants.errors.ts';
export { createTenants, type Tenants, type TenantsModuleDeps } from './tenants.module.ts';
