import { CacheKeyError } from './cache.errors.ts';
import { hashPayload } from './canonical-json.ts';
import {
  SHARED_KINDS,
  TENANT_KINDS,
  type CacheKind,
  type SharedKind,
  type TenantKind,
} from './cache-kinds.ts';

declare const cacheKeyBrand: unique symbol;
declare const dataKeyBrand: unique symbol;

/**
 * A cache key, only obtainable from `tenantKey`, `sharedKey` or `apiKeyCacheKey`. `group` is the unit of
 * generation invalidation (`t:{tenantId}:{kind}`), `id` the rest.
 */
export interface CacheKey<K extends CacheKind = CacheKind> {
  readonly kind: K;
  readonly group: string;
  readonly id: string;
  readonly [cacheKeyBrand]: true;
}

/** A raw Redis key for batch data and counters (see `redis-batch.ts`), built with the same scoping rules. */
export type DataKey = string & { readonly [dataKeyBrand]: true };

/** A key part: strings/numbers are escaped; objects (request payloads) are hashed from canonical JSON. */
export type KeyPart = string | number | boolean | null | Record<string, unknown> | readonly unknown[];

const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const KEY_HASH = /^[A-Za-z0-9_-]{32,128}$/;
const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const tenantKinds = new Set<string>(TENANT_KINDS);
const sharedKinds = new Set<string>(SHARED_KINDS);

function encodePart(part: KeyPart): string {
  if (part === null) return '~null';
  if (typeof part === 'object') return `#${hashPayload(part)}`;
  // encodeURIComponent escapes ':' so no part can forge another key's separators
  return encodeURIComponent(String(part));
}

function encodeParts(parts: readonly KeyPart[]): string {
  return parts.length === 0 ? '_' : parts.map(encodePart).join(':');
}

function requireTenant(tenantId: string): string {
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) {
    throw new CacheKeyError(`invalid tenant id for a cache key: ${JSON.stringify(tenantId)}`);
  }
  return tenantId;
}

function make<K extends CacheKind>(kind: K, group: string, parts: readonly KeyPart[]): CacheKey<K> {
  return { kind, group, id: encodeParts(parts) } as CacheKey<K>;
}

/**
 * The one builder for tenant-owned entries: `t:{<tenantId>}:{kind}:…`, the tenant id in literal braces: a
 * Redis Cluster hash tag, so all of one tenant's keys share a slot and multi-key commands on them work.
 * Throws without a valid tenant id (which can hold no brace).
 */
export function tenantKey<K extends TenantKind>(
  tenantId: string,
  kind: K,
  ...parts: readonly KeyPart[]
): CacheKey<K> {
  if (!tenantKinds.has(kind)) throw new CacheKeyError(`${kind} is not a tenant-owned kind`);
  return make(kind, `t:{${requireTenant(tenantId)}}:${kind}`, parts);
}

/** Key of data shared by all tenants (catalog, locations): `s:{kind}:…`. Only shared kinds are accepted. */
export function sharedKey<K extends SharedKind>(kind: K, ...parts: readonly KeyPart[]): CacheKey<K> {
  if (!sharedKinds.has(kind)) throw new CacheKeyError(`${kind} is not a shared kind`);
  return make(kind, `s:${kind}`, parts);
}

/** Generation group of every API-key lookup (`AppCache.invalidateApiKeys` bumps it). */
export const API_KEY_GROUP = 'k:api_key';

/**
 * Key of the API-key → tenant lookup, built from the key's digest (as stored in `api_keys`), never from the
 * secret itself: Redis keys are visible to anyone who can run MONITOR.
 */
export function apiKeyCacheKey(keyHash: string): CacheKey<'api_key'> {
  if (typeof keyHash !== 'string' || !KEY_HASH.test(keyHash)) {
    throw new CacheKeyError('an API key cache key must be built from the key digest (hex or base64url)');
  }
  return make('api_key', API_KEY_GROUP, [keyHash]);
}

/** Redis data key owned by a tenant (counters, batch data): `t:{<tenantId>}:d:{name}:…` (hash-tagged). */
export function tenantDataKey(tenantId: string, name: string, ...parts: readonly KeyPart[]): DataKey {
  if (!NAME.test(name)) throw new CacheKeyError(`invalid data key name: ${JSON.stringify(name)}`);
  return `t:{${requireTenant(tenantId)}}:d:${name}:${encodeParts(parts)}` as DataKey;
}

/** Redis data key shared by all tenants: `s:d:{name}:…`. */
export function sharedDataKey(name: string, ...parts: readonly KeyPart[]): DataKey {
  if (!NAME.test(name)) throw new CacheKeyError(`invalid data key name: ${JSON.stringify(name)}`);
  return `s:d:${name}:${encodeParts(parts)}` as DataKey;
}

/** The kind of a stored entry key (`{group}:{generation}:{id}`), or undefined for internal keys. */
export function kindOfStoredKey(storedKey: string): CacheKind | undefined {
  const first = storedKey.indexOf(':');
  const scope = storedKey.slice(0, first);
  let start = first + 1;
  if (scope === 't') start = storedKey.indexOf(':', start) + 1;
  else if (scope !== 's' && scope !== 'k') return undefined;
  const end = storedKey.indexOf(':', start);
  const kind = storedKey.slice(start, end === -1 ? undefined : end);
  return tenantKinds.has(kind) || sharedKinds.has(kind) || kind === 'api_key'
    ? (kind as CacheKind)
    : undefined;
}
