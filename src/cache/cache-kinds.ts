const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tenant-owned kinds: a key of these kinds can only be built with a tenant id. */
export const TENANT_KINDS = [
  'file_list',
  'file_metadata',
  'analysis_results',
  'file_previews',
  'cost_estimates',
  'similar_search',
  'user_settings',
  'usage_summary',
] as const;

/** Kinds shared by every tenant (control DB data), keyed under the explicit shared scope. */
export const SHARED_KINDS = ['material_catalog', 'material_locations'] as const;

/** A tenant-owned kind. */
export type TenantKind = (typeof TENANT_KINDS)[number];
/** A shared kind. */
export type SharedKind = (typeof SHARED_KINDS)[number];
/** Every cached kind; `api_key` is the credential → tenant lookup, keyed by the key's hash. */
export type CacheKind = TenantKind | SharedKind | 'api_key';

/** Every kind, for metrics and stats. */
export const CACHE_KINDS: readonly CacheKind[] = [...TENANT_KINDS, ...SHARED_KINDS, 'api_key'];

/** How long a kind stays fresh (`ttlMs`) and how long a stale copy may still be served (`staleMs`). */
export interface KindPolicy {
  readonly ttlMs: number;
  /** 0 = never serve stale (authorization data). */
  readonly staleMs: number;
}

// TTLs are a safety net: every write path invalidates what it changed, so expiry is not how changes
// become visible. Stale copies are served only while one refresh runs or when the loader fails.
const policies: Record<CacheKind, KindPolicy> = {
  // Every process hears of a revocation (PostgreSQL NOTIFY, see tenants/) and deletes the entry; 5 min
  // bounds a delete that missed Redis. Never served stale: it is an authorization decision.
  api_key: { ttlMs: 5 * MINUTE, staleMs: 0 },
  // Lists change on every upload/delete/analysis status change and are invalidated by generation.
  file_list: { ttlMs: 10 * MINUTE, staleMs: HOUR },
  file_metadata: { ttlMs: HOUR, staleMs: 6 * HOUR },
  analysis_results: { ttlMs: DAY, staleMs: DAY },
  // A preview changes only with the tenant's layer mappings (invalidated by generation) or the file's deletion.
  file_previews: { ttlMs: DAY, staleMs: DAY },
  cost_estimates: { ttlMs: 7 * DAY, staleMs: DAY },
  // Depends on the tenant's whole estimate history (invalidated by generation on new estimates).
  similar_search: { ttlMs: HOUR, staleMs: HOUR },
  user_settings: { ttlMs: 30 * DAY, staleMs: DAY },
  // A tenant's rows of the analytics views, which change only when a refresh runs (every few minutes):
  // a minute of caching bounds how long a refresh takes to show.
  usage_summary: { ttlMs: MINUTE, staleMs: 5 * MINUTE },
  material_catalog: { ttlMs: 30 * DAY, staleMs: DAY },
  material_locations: { ttlMs: DAY, staleMs: DAY },
};

/** TTL and stale window of a kind. */
export function kindPolicy(kind: CacheKind): KindPolicy {
  return policies[kind];
}

/** Upper bound of the in-process (L1) TTL: bounds staleness when a bus message is lost. */
export const MAX_L1_TTL_MS = MINUTE;

/** Generation counters must outlive every entry they version (longest TTL + stale window). */
export const GENERATION_TTL_MS = 62 * DAY;
