import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BentoCache, bentostore, errors as bentoErrors } from 'bentocache';
import type { CacheProvider } from 'bentocache/types';
import type { Registry } from 'prom-client';
import { CacheLoaderTimeoutError } from './cache.errors.ts';
import {
  GENERATION_TTL_MS,
  MAX_L1_TTL_MS,
  kindPolicy,
  TENANT_KINDS,
  type CacheKind,
  type SharedKind,
} from './cache-kinds.ts';
import { API_KEY_GROUP, apiKeyCacheKey, kindOfStoredKey, tenantKey, type CacheKey } from './cache-keys.ts';
import { CacheMetrics, type CacheStats } from './cache-metrics.ts';
import { canonicalJson } from './canonical-json.ts';
import { etagOf } from './etag.ts';
import { freshL1Value, L1MemoryStore, l1Layer, l1StoreKey } from './l1-memory-store.ts';
import { l2Layer } from './l2-redis-layer.ts';
import { busLayer, RedisBusTransport } from './redis-bus-transport.ts';
import type { RedisCircuit, RedisConnection } from '../redis/index.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { RetryingWrites } from './retrying-writes.ts';

/** Options of `createCache`. */
export interface CreateCacheOptions {
  /** L2 and invalidation bus; without it the cache is in-process only (L1). Closed by its owner. */
  readonly redis?: RedisConnection;
  /** Namespaces every Redis key and bus channel of this cache. */
  readonly prefix: string;
  /** Byte budget of the in-process cache (default 64 MiB). */
  readonly l1MaxBytes?: number;
  /** In-process TTL cap, ≤ 60 s (default 60 s). */
  readonly l1TtlMs?: number;
  readonly registry: Registry;
  readonly logger?: Logger;
  /** Default soft timeout: with a stale copy available, wait at most this for the loader (default 50 ms). */
  readonly softTimeoutMs?: number;
  /** How long `createCache` waits for Redis before starting without it (default 1 s). */
  readonly connectWaitMs?: number;
}

/** Per-call options. */
export interface LoadOptions {
  /** Overrides the kind's TTL. */
  readonly ttlMs?: number;
  /** With a stale copy: wait at most this long for the loader, then serve stale while it finishes. */
  readonly softTimeoutMs?: number;
  /** Without a stale copy: fail with `CacheLoaderTimeoutError` after this long (default: no limit). */
  readonly hardTimeoutMs?: number;
}

/** A cached value with the strong ETag computed once when it was cached. */
export interface Tagged<T> {
  readonly value: T;
  readonly etag: string;
}

/** What is stored: the value, its ETag and its serialized size (for the L1 byte budget). */
interface Envelope {
  readonly v: unknown;
  readonly e: string;
  readonly n: number;
}

function envelope(value: unknown): Envelope {
  const json = canonicalJson(value);
  return { v: value, e: etagOf(json), n: Buffer.byteLength(json) };
}

const newGeneration = (): string => randomBytes(6).toString('base64url');

/** Tenant-safe two-level cache (see README of issue 5 / DESIGN "Caching rules"). Values are deep-frozen. */
export class AppCache {
  readonly #bento: BentoCache<{ app: ReturnType<typeof bentostore> }>;
  readonly #provider: CacheProvider;
  readonly #metrics: CacheMetrics;
  readonly #circuit: RedisCircuit | undefined;
  readonly #retries: RetryingWrites;
  readonly #softTimeoutMs: number;
  readonly #l1: L1MemoryStore;
  readonly #prefix: string;
  /** Write-throughs running in this process, by stored key: a read of the key waits for it instead of loading. */
  readonly #refreshing = new Map<string, Promise<void>>();

  /** @internal use `createCache`. */
  constructor(parts: {
    bento: BentoCache<{ app: ReturnType<typeof bentostore> }>;
    l1: L1MemoryStore;
    prefix: string;
    metrics: CacheMetrics;
    circuit: RedisCircuit | undefined;
    softTimeoutMs: number;
    logger: Logger;
  }) {
    this.#bento = parts.bento;
    this.#l1 = parts.l1;
    this.#prefix = parts.prefix;
    this.#provider = parts.bento.use('app');
    this.#metrics = parts.metrics;
    this.#circuit = parts.circuit;
    this.#softTimeoutMs = parts.softTimeoutMs;
    this.#retries = new RetryingWrites(parts.logger);
    this.#observe();
  }

  /** Cached value, or the loader's result (single-flight per key, stale served while one refresh runs).
   * A loader returning `undefined` (e.g. not found) is not cached. Loader errors propagate unchanged. */
  async getOrSet<T>(key: CacheKey, loader: () => Promise<T>, options?: LoadOptions): Promise<T> {
    const entry = await this.#load(key, loader, options);
    return entry?.v as T;
  }

  /** Like `getOrSet`, with the ETag stored beside the value (undefined etag when nothing was cached). */
  async getOrSetWithEtag<T>(
    key: CacheKey,
    loader: () => Promise<T>,
    options?: LoadOptions,
  ): Promise<Tagged<T>> {
    const entry = await this.#load(key, loader, options);
    return { value: entry?.v as T, etag: entry?.e as string };
  }

  /**
   * This process's fresh copy of a key, read synchronously (an L1 hit in the metrics); undefined when it is
   * not held here, and the caller goes on to `getOrSet`. The hot read paths try this first: a hit then costs
   * no promise at all.
   */
  peekLocal<T>(key: CacheKey): Tagged<T> | undefined {
    const stored = this.#localStoredKey(key);
    const entry = stored === undefined ? undefined : this.#localHit(key, stored);
    return entry && { value: entry.v as T, etag: entry.e };
  }

  /** Current ETag of a cached key without loading anything (counts as a lookup in the metrics). */
  async peekEtag(key: CacheKey): Promise<string | undefined> {
    return (await this.#lookup(key))?.e;
  }

  /** Cached value or undefined; never runs a loader. */
  async get<T>(key: CacheKey): Promise<T | undefined> {
    return (await this.#lookup(key))?.v as T | undefined;
  }

  /** Stores a value (write-through) and returns its ETag. */
  async set(key: CacheKey, value: unknown, options?: Pick<LoadOptions, 'ttlMs'>): Promise<string> {
    const stored = await this.#storedKey(key);
    const entry = envelope(value);
    await this.#provider.set({ key: stored, value: entry, ...this.#ttl(key.kind, options) });
    // a write that missed Redis would leave the previous value there for other processes: delete it later
    this.#whenLost(stored, () => this.#provider.delete({ key: stored }));
    return entry.e;
  }

  /**
   * Write-through after a change: loads the new value and stores it under the key's generation as it was
   * *before* loading, so a concurrent invalidation makes this write unreachable instead of stale.
   * Not a lookup: it counts neither as a hit nor as a miss.
   */
  async refresh(key: CacheKey, loader: () => Promise<unknown>): Promise<void> {
    const stored = await this.#storedKey(key);
    const write = (async () => {
      const value = await loader();
      if (value === undefined) {
        await this.#provider.delete({ key: stored });
        return;
      }
      await this.#provider.set({ key: stored, value: envelope(value), ...this.#ttl(key.kind) });
      this.#whenLost(stored, () => this.#provider.delete({ key: stored }));
    })();
    this.#refreshing.set(stored, write);
    try {
      await write;
    } finally {
      if (this.#refreshing.get(stored) === write) this.#refreshing.delete(stored);
    }
  }

  /** Removes one entry everywhere (this process, Redis, other processes' L1 over the bus). */
  async delete(key: CacheKey): Promise<void> {
    const stored = await this.#storedKey(key);
    await this.#provider.delete({ key: stored });
    this.#whenLost(stored, () => this.#provider.delete({ key: stored }));
  }

  /** Invalidates every entry of one kind of one tenant (e.g. all file list pages) by a new generation. */
  invalidateTenantKind(tenantId: string, kind: (typeof TENANT_KINDS)[number]): Promise<void> {
    return this.#bumpGeneration(tenantKey(tenantId, kind).group);
  }

  /** Invalidates every tenant-owned entry of one tenant. */
  async invalidateTenant(tenantId: string): Promise<void> {
    await Promise.all(TENANT_KINDS.map((kind) => this.invalidateTenantKind(tenantId, kind)));
  }

  /** Invalidates every entry of a shared kind (catalog, locations). */
  invalidateShared(kind: SharedKind): Promise<void> {
    return this.#bumpGeneration(`s:${kind}`);
  }

  /** Forgets the tenant lookup of an API key (revocation, rotation). */
  invalidateApiKey(keyHash: string): Promise<void> {
    return this.delete(apiKeyCacheKey(keyHash));
  }

  /** Forgets every API key lookup, in every process (revocations may have been missed). */
  invalidateApiKeys(): Promise<void> {
    return this.#bumpGeneration(API_KEY_GROUP);
  }

  /** Hit/miss counts for `GET /api/admin/cache-stats`. */
  stats(): CacheStats {
    return this.#metrics.stats();
  }

  /** Whether Redis is currently bypassed (always false in L1-only mode). */
  get degraded(): boolean {
    return this.#circuit?.isOpen() ?? false;
  }

  /** Stops retries and closes the bus (the shared Redis connection is closed by its owner). */
  async close(): Promise<void> {
    this.#retries.stop();
    await this.#bento.disconnectAll();
  }

  async #load(
    key: CacheKey,
    loader: () => Promise<unknown>,
    options?: LoadOptions,
  ): Promise<Envelope | undefined> {
    const stored = await this.#storedKey(key);
    const local = this.#localHit(key, stored);
    if (local !== undefined) return local;
    // a write-through of this very entry is on its way: its value is what the loader would read
    const refreshing = this.#refreshing.get(stored);
    if (refreshing) await refreshing.catch(() => undefined);
    try {
      return await this.#provider.getOrSet<Envelope | undefined>({
        key: stored,
        ...this.#ttl(key.kind, options),
        timeout: options?.softTimeoutMs ?? this.#softTimeoutMs,
        hardTimeout: options?.hardTimeoutMs ?? null,
        factory: async (ctx) => {
          const started = performance.now();
          let outcome: 'ok' | 'error' = 'error';
          try {
            const value = await loader();
            outcome = 'ok';
            return value === undefined ? ctx.skip() : envelope(value);
          } finally {
            this.#metrics.load(key.kind, outcome, (performance.now() - started) / 1000);
          }
        },
      });
    } catch (err) {
      if (err instanceof bentoErrors.E_FACTORY_ERROR) throw err.cause;
      if (err instanceof bentoErrors.E_FACTORY_HARD_TIMEOUT)
        throw new CacheLoaderTimeoutError(stored, { cause: err });
      throw err;
    }
  }

  async #lookup(key: CacheKey): Promise<Envelope | undefined> {
    const stored = await this.#storedKey(key);
    return (
      this.#localHit(key, stored) ?? this.#provider.get<Envelope | undefined>({ key: stored, grace: false })
    );
  }

  /** The L1 hit bentocache would return, without its per-call overhead (see `freshL1Value`). */
  #localHit(key: CacheKey, stored: string): Envelope | undefined {
    const local = freshL1Value(this.#l1, l1StoreKey(this.#prefix, stored)) as Envelope | undefined;
    if (local !== undefined) this.#metrics.hit(key.kind, 'l1', false);
    return local;
  }

  #ttl(kind: CacheKind, options?: Pick<LoadOptions, 'ttlMs'>): { ttl: number; grace: number | false } {
    const policy = kindPolicy(kind);
    const ttl = options?.ttlMs ?? policy.ttlMs;
    // bentocache keeps an entry physically for `grace` (not ttl + grace), so grace includes the TTL
    return { ttl, grace: policy.staleMs === 0 ? false : ttl + policy.staleMs };
  }

  /** `{group}:{generation}:{id}`: bumping the group's generation makes all its entries unreachable. */
  async #storedKey(key: CacheKey): Promise<string> {
    const local = this.#localStoredKey(key);
    if (local !== undefined) return local;
    const generation = await this.#provider.getOrSet<string>({
      key: `g:${key.group}`,
      ttl: GENERATION_TTL_MS,
      grace: false,
      factory: newGeneration,
    });
    return `${key.group}:${generation}:${key.id}`;
  }

  /** The stored key when this process holds the group's generation, else undefined. */
  #localStoredKey(key: CacheKey): string | undefined {
    const generation = freshL1Value(this.#l1, l1StoreKey(this.#prefix, `g:${key.group}`));
    return typeof generation === 'string' ? `${key.group}:${generation}:${key.id}` : undefined;
  }

  async #bumpGeneration(group: string): Promise<void> {
    const key = `g:${group}`;
    const bump = (): Promise<boolean> =>
      this.#provider.set({ key, value: newGeneration(), ttl: GENERATION_TTL_MS, grace: false });
    await bump();
    this.#whenLost(key, bump);
  }

  /** If the last write of `storedKey` missed Redis, repeat `redo` until it lands. */
  #whenLost(storedKey: string, redo: () => Promise<unknown>): void {
    const circuit = this.#circuit;
    if (circuit === undefined || !circuit.takeFailedWrite(storedKey)) return;
    this.#retries.add(storedKey, async () => {
      if (circuit.isOpen()) return false;
      await redo();
      return !circuit.takeFailedWrite(storedKey);
    });
  }

  #observe(): void {
    this.#bento.on('cache:hit', ({ key, layer, graced }) => {
      const kind = kindOfStoredKey(key);
      if (kind) this.#metrics.hit(kind, layer, graced);
    });
    this.#bento.on('cache:miss', ({ key }) => {
      const kind = kindOfStoredKey(key);
      if (kind) this.#metrics.miss(kind);
    });
    this.#bento.on('bus:message:published', () => this.#metrics.busMessage('published'));
    this.#bento.on('bus:message:received', () => this.#metrics.busMessage('received'));
  }
}

/** Builds the cache: L1 only without `redis`; else L1 + Redis L2 + invalidation bus, failing open. */
export async function createCache(options: CreateCacheOptions): Promise<AppCache> {
  const logger = options.logger ?? silentLogger;
  const l1TtlMs = Math.min(options.l1TtlMs ?? MAX_L1_TTL_MS, MAX_L1_TTL_MS);
  const maxBytes = options.l1MaxBytes ?? 64 * 1024 * 1024;
  const store = new L1MemoryStore({
    maxBytes,
    maxEntryBytes: Math.min(Math.floor(maxBytes / 8), 8 * 1024 * 1024),
    maxEntries: 200_000,
    maxTtlMs: l1TtlMs,
  });
  const redis = options.redis;
  const metrics = new CacheMetrics(options.registry, {
    circuitOpen: () => redis?.circuit.isOpen() ?? false,
    l1Bytes: () => store.bytes,
  });
  const storeBuilder = bentostore().useL1Layer(l1Layer(store));
  let transport: RedisBusTransport | undefined;
  if (redis !== undefined) {
    redis.circuit.observe({ failed: (operation) => metrics.l2Error(operation) });
    transport = new RedisBusTransport({
      redis,
      channelPrefix: `${options.prefix}:`,
      logger,
      onSubscribed: () => {
        store.clear();
        metrics.l1Flushed();
      },
    });
    storeBuilder.useL2Layer(l2Layer(redis)).useBus(busLayer(transport));
  }
  const bento = new BentoCache({ default: 'app', prefix: options.prefix, stores: { app: storeBuilder } });
  const cache = new AppCache({
    bento,
    l1: store,
    prefix: options.prefix,
    metrics,
    circuit: redis?.circuit,
    softTimeoutMs: options.softTimeoutMs ?? 50,
    logger,
  });
  bento.use('app'); // instantiate the stack (and its bus subscription) now, not on the first request
  if (redis && transport) {
    const waitMs = options.connectWaitMs ?? 1000;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
    await Promise.all([redis.whenReady(waitMs), Promise.race([transport.subscribed, timeout])]);
  }
  return cache;
}
