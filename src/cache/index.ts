// Public surface of the cache module: import from here, not from the files.
export {
  createCache,
  AppCache,
  type CreateCacheOptions,
  type LoadOptions,
  type Tagged,
} from './app-cache.ts';
export {
  tenantKey,
  sharedKey,
  apiKeyCacheKey,
  tenantDataKey,
  sharedDataKey,
  type CacheKey,
  type DataKey,
  type KeyPart,
} from './cache-keys.ts';
export {
  kindPolicy,
  TENANT_KINDS,
  SHARED_KINDS,
  type CacheKind,
  type TenantKind,
  type SharedKind,
} from './cache-kinds.ts';
export type { CacheStats, HitStats } from './cache-metrics.ts';
export { canonicalJson, hashPayload } from './canonical-json.ts';
export { ifNoneMatchHits } from './etag.ts';
export { CacheKeyError, CacheLoaderTimeoutError, CacheUnavailableError } from './cache.errors.ts';
export { CdnPurgeQueue, type PurgeQueueOptions } from './cdn-purge.queue.ts';
export { HttpPurgeProvider, type PurgeProvider } from './cdn-purge.provider.ts';
export {
  RedisBatch,
  MemoryBatch,
  type BatchStore,
  type BatchEntry,
  type BatchIncrement,
} from './redis-batch.ts';
