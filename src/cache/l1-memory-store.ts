import type { CreateDriverResult, L1CacheDriver } from 'bentocache/types';

interface Slot {
  readonly value: unknown;
  readonly bytes: number;
  readonly expiresAt: number;
  /** Value of the store's insertion clock when the slot last moved to the most recent end. */
  movedAt: number;
}

/** Limits of the in-process store. */
export interface L1Limits {
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  readonly maxEntries: number;
  /** Every entry expires after at most this long, whatever TTL it is given. */
  readonly maxTtlMs: number;
}

/** A byte-bounded (approximately) LRU map with per-entry expiry; holds values as objects (no serialization). */
export class L1MemoryStore {
  readonly #slots = new Map<string, Slot>();
  #bytes = 0;
  /** Counts insertions at the most recent end of `#slots`. */
  #clock = 0;

  constructor(readonly limits: L1Limits) {}

  /** Bytes currently accounted (approximate: the JSON size of each entry plus a fixed overhead). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Number of entries, expired ones included until they are touched or evicted. */
  get size(): number {
    return this.#slots.size;
  }

  /** The live value of a key, marking it most recently used. */
  get(key: string): unknown {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    // Move it to the most recent end only once it has drifted into the older half (at least size/2
    // insertions since its last move): eviction still takes older entries first, and a hot key's hit costs
    // one map lookup instead of three.
    if (this.#clock - slot.movedAt >= this.#slots.size / 2) {
      this.#slots.delete(key);
      this.#slots.set(key, slot);
      slot.movedAt = ++this.#clock;
    }
    return slot.value;
  }

  /** Stores a value for min(ttl, maxTtl); an entry over `maxEntryBytes` is not kept. */
  set(key: string, value: unknown, bytes: number, ttlMs?: number): boolean {
    this.delete(key);
    const ttl = Math.min(ttlMs ?? this.limits.maxTtlMs, this.limits.maxTtlMs);
    if (ttl <= 0 || bytes > this.limits.maxEntryBytes) return false;
    this.#slots.set(key, { value, bytes, expiresAt: Date.now() + ttl, movedAt: ++this.#clock });
    this.#bytes += bytes;
    this.#evict();
    return true;
  }

  /** Milliseconds left before a key expires, undefined when absent. */
  remainingTtl(key: string): number | undefined {
    const slot = this.#slots.get(key);
    return slot === undefined ? undefined : Math.max(0, slot.expiresAt - Date.now());
  }

  /** Removes one key. */
  delete(key: string): boolean {
    const slot = this.#slots.get(key);
    if (slot === undefined) return false;
    this.#slots.delete(key);
    this.#bytes -= slot.bytes;
    return true;
  }

  /** Removes every key starting with a prefix ('' = all). */
  clear(prefix = ''): void {
    if (prefix === '') {
      this.#slots.clear();
      this.#bytes = 0;
      return;
    }
    for (const key of [...this.#slots.keys()]) if (key.startsWith(prefix)) this.delete(key);
  }

  #evict(): void {
    // Map iteration order is insertion order and `get` re-inserts, so the first key is the least recent
    for (const key of this.#slots.keys()) {
      if (this.#bytes <= this.limits.maxBytes && this.#slots.size <= this.limits.maxEntries) return;
      this.delete(key);
    }
  }
}

const ENTRY_OVERHEAD_BYTES = 160;

/** Key under which the bentocache driver of `prefix` stores `key`. */
export function l1StoreKey(prefix: string, key: string): string {
  return `${prefix}:${key}`;
}

/**
 * The value of an entry bentocache itself would serve as an L1 hit (present, not logically expired; we never
 * use bentocache tags), read without going through bentocache: its per-call option building costs ~8 µs,
 * several times a whole hit.
 */
export function freshL1Value(store: L1MemoryStore, storeKey: string): unknown {
  const item = store.get(storeKey) as
    { value?: unknown; logicalExpiration?: number; tags?: unknown[] } | undefined;
  if (item === undefined || (item.tags !== undefined && item.tags.length > 0)) return undefined;
  if (item.logicalExpiration !== undefined && item.logicalExpiration <= Date.now()) return undefined;
  return item.value;
}

/** Our entry envelope carries its serialized size (`n`); anything else (generations) is small. */
function approximateBytes(item: { value?: unknown }): number {
  const value = item.value as { n?: unknown } | string | number | undefined;
  if (typeof value === 'object' && value !== null && typeof value.n === 'number') {
    return value.n + ENTRY_OVERHEAD_BYTES;
  }
  return (typeof value === 'string' ? value.length * 2 : 16) + ENTRY_OVERHEAD_BYTES;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/**
 * bentocache L1 driver over an `L1MemoryStore`, used with `serialize: false` (values kept as objects,
 * which bentocache's own memory driver cannot bound by bytes). Cached values are deep-frozen: a caller
 * mutating a shared cached object would corrupt every later reader.
 */
class L1Driver {
  readonly type = 'l1' as const;

  constructor(
    readonly store: L1MemoryStore,
    private readonly prefix: string,
  ) {}

  #key(key: string): string {
    return l1StoreKey(this.prefix, key);
  }

  namespace(namespace: string): L1Driver {
    return new L1Driver(this.store, `${this.prefix}:${namespace}`);
  }

  get(key: string): unknown {
    return this.store.get(this.#key(key));
  }

  pull(key: string): unknown {
    const value = this.get(key);
    this.delete(key);
    return value;
  }

  set(key: string, value: unknown, ttl?: number): boolean {
    // bentocache 1.6 promotes L2 hits into L1 still serialized even with `serialize: false` (its issue #111);
    // its serializer is JSON, so parse here once instead of failing on the next read.
    const item = (typeof value === 'string' ? JSON.parse(value) : value) as { value?: unknown };
    deepFreeze(item.value);
    return this.store.set(this.#key(key), item, approximateBytes(item), ttl);
  }

  getRemainingTtl(key: string): number | undefined {
    return this.store.remainingTtl(this.#key(key));
  }

  clear(): void {
    this.store.clear(`${this.prefix}:`);
  }

  delete(key: string): boolean {
    return this.store.delete(this.#key(key));
  }

  deleteMany(keys: string[]): boolean {
    for (const key of keys) this.delete(key);
    return true;
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}

/** bentocache L1 layer backed by `store` (entries hold objects; bentocache must see `serialize: false`). */
export function l1Layer(store: L1MemoryStore): CreateDriverResult<L1CacheDriver> {
  return {
    options: { serialize: false },
    // bentocache types L1 values as strings; with serialize:false they are entry objects
    factory: (config: { prefix?: string }) =>
      new L1Driver(store, config.prefix ?? '') as unknown as L1CacheDriver,
  };
}
