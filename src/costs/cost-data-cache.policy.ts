import { sharedKey, tenantKey, type AppCache, type CdnPurgeQueue } from '../cache/index.ts';
import type { MarkupCache, SharedRowsCache } from './cost-data.service.ts';

/** Surrogate keys (CDN tags) of the shared data: sent with it, purged when it changes. */
export const SURROGATE_KEYS = {
  material_catalog: 'material-catalog',
  material_locations: 'material-locations',
} as const;

/** Paths of the shared data, purged from the CDN when it changes. */
export const SHARED_PATHS = {
  material_catalog: '/api/material-catalog',
  material_locations: '/api/material-locations',
} as const;

/** The shared rows through the cache; a change drops them everywhere and purges them from the CDN, if any. */
export function sharedRowsCache(cache: AppCache, cdnPurge: CdnPurgeQueue | undefined): SharedRowsCache {
  return {
    rows: (kind, load) => cache.getOrSetWithEtag(sharedKey(kind), load),
    invalidate: async (kind) => {
      await cache.invalidateShared(kind);
      cdnPurge?.purgeTags([SURROGATE_KEYS[kind]]);
      cdnPurge?.purgePaths([SHARED_PATHS[kind]]);
    },
  };
}

/** Each tenant's markup through the cache (read by every estimate, before its input is checked). */
export function markupCache(cache: AppCache): MarkupCache {
  const key = (tenantId: string) => tenantKey(tenantId, 'user_settings', 'markup');
  return {
    get: (tenantId, load) => cache.getOrSet(key(tenantId), load),
    forget: (tenantId) => cache.delete(key(tenantId)),
  };
}
