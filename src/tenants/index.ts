export { TenantRepository, type Tenant, type ApiKeyRecord } from './tenant.repository.ts';
export {
  TenantService,
  bearerKey,
  type AuthContext,
  type KeyLookup,
  type KeyLookupCache,
} from './tenant.service.ts';
export { UnauthorizedError, TenantNotFoundError } from './tenants.errors.ts';
