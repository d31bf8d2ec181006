import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { CACHE_KINDS, type CacheKind } from './cache-kinds.ts';

/** Hit/miss counts and hit rate. */
export interface HitStats {
  hits: number;
  misses: number;
  hitRate: number;
}

/** Shape of `GET /api/admin/cache-stats`. */
export interface CacheStats {
  overall: HitStats;
  kinds: Record<CacheKind, HitStats>;
}

/** Cache level a hit was served from. */
export type CacheLevel = 'l1' | 'l2';

type Counts = { l1: number; l2: number; misses: number };

/** Every CacheMetrics of a registry: its hit/miss counters are filled from their counts at scrape time. */
const instances = new WeakMap<Registry, Set<CacheMetrics>>();

function metric<T>(registry: Registry, name: string, create: () => T): T {
  // several caches may share one registry (tests, two stores): reuse the registered metric
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Prometheus metrics of the cache plus the in-process counts behind `stats()`. */
export class CacheMetrics {
  readonly #stale;
  readonly #l2Errors;
  readonly #busMessages;
  readonly #l1Flushes;
  readonly #loads;
  // Hits are counted in plain numbers (a prom-client `inc` per lookup costs more than the L1 hit itself)
  // and copied into the counters when they are scraped.
  readonly #counts = new Map<CacheKind, Counts>(
    CACHE_KINDS.map((kind) => [kind, { l1: 0, l2: 0, misses: 0 }]),
  );

  constructor(registry: Registry, probes: { circuitOpen: () => boolean; l1Bytes: () => number }) {
    const registers = [registry];
    if (!instances.has(registry)) instances.set(registry, new Set());
    instances.get(registry)!.add(this);
    const allCounts = () => [...instances.get(registry)!].flatMap((m) => [...m.#counts]);
    metric(
      registry,
      'cache_hits_total',
      () =>
        new Counter({
          name: 'cache_hits_total',
          help: 'Cache hits',
          labelNames: ['kind', 'level'],
          registers,
          collect() {
            this.reset();
            for (const [kind, count] of allCounts()) {
              if (count.l1 > 0) this.inc({ kind, level: 'l1' }, count.l1);
              if (count.l2 > 0) this.inc({ kind, level: 'l2' }, count.l2);
            }
          },
        }),
    );
    metric(
      registry,
      'cache_misses_total',
      () =>
        new Counter({
          name: 'cache_misses_total',
          help: 'Cache misses',
          labelNames: ['kind'],
          registers,
          collect() {
            this.reset();
            for (const [kind, count] of allCounts()) if (count.misses > 0) this.inc({ kind }, count.misses);
          },
        }),
    );
    this.#stale = metric(
      registry,
      'cache_stale_served_total',
      () =>
        new Counter({
          name: 'cache_stale_served_total',
          help: 'Stale values served while refreshing or after a loader failure',
          labelNames: ['kind'],
          registers,
        }),
    );
    this.#l2Errors = metric(
      registry,
      'cache_l2_errors_total',
      () =>
        new Counter({
          name: 'cache_l2_errors_total',
          help: 'Failed Redis cache operations',
          labelNames: ['operation'],
          registers,
        }),
    );
    this.#busMessages = metric(
      registry,
      'cache_bus_messages_total',
      () =>
        new Counter({
          name: 'cache_bus_messages_total',
          help: 'Cache invalidation bus messages',
          labelNames: ['direction'],
          registers,
        }),
    );
    this.#l1Flushes = metric(
      registry,
      'cache_l1_flushes_total',
      () =>
        new Counter({ name: 'cache_l1_flushes_total', help: 'Whole-L1 flushes after a bus gap', registers }),
    );
    this.#loads = metric(
      registry,
      'cache_load_duration_seconds',
      () =>
        new Histogram({
          name: 'cache_load_duration_seconds',
          help: 'Loader (source of truth) calls made on misses and refreshes',
          labelNames: ['kind', 'outcome'],
          buckets: [0.001, 0.005, 0.02, 0.05, 0.1, 0.25, 1, 5],
          registers,
        }),
    );
    metric(
      registry,
      'cache_circuit_open',
      () =>
        new Gauge({
          name: 'cache_circuit_open',
          help: '1 while Redis is bypassed (unreachable or failing), else 0',
          registers,
          collect() {
            this.set(probes.circuitOpen() ? 1 : 0);
          },
        }),
    );
    metric(
      registry,
      'cache_l1_bytes',
      () =>
        new Gauge({
          name: 'cache_l1_bytes',
          help: 'Approximate bytes held by the in-process cache',
          registers,
          collect() {
            this.set(probes.l1Bytes());
          },
        }),
    );
  }

  /** Records a hit; `stale` when a graced value was served. */
  hit(kind: CacheKind, level: CacheLevel, stale: boolean): void {
    const count = this.#counts.get(kind);
    if (count) count[level] += 1;
    if (stale) this.#stale.inc({ kind });
  }

  /** Records a miss. */
  miss(kind: CacheKind): void {
    const count = this.#counts.get(kind);
    if (count) count.misses += 1;
  }

  /** Records one loader run. */
  load(kind: CacheKind, outcome: 'ok' | 'error', seconds: number): void {
    this.#loads.observe({ kind, outcome }, seconds);
  }

  l2Error(operation: string): void {
    this.#l2Errors.inc({ operation });
  }

  busMessage(direction: 'published' | 'received'): void {
    this.#busMessages.inc({ direction });
  }

  l1Flushed(): void {
    this.#l1Flushes.inc();
  }

  /** Hit/miss counts since start, overall and per kind. */
  stats(): CacheStats {
    const rate = (hits: number, misses: number): HitStats => ({
      hits,
      misses,
      hitRate: hits + misses === 0 ? 0 : hits / (hits + misses),
    });
    let hits = 0;
    let misses = 0;
    const kinds = {} as Record<CacheKind, HitStats>;
    for (const [kind, count] of this.#counts) {
      hits += count.l1 + count.l2;
      misses += count.misses;
      kinds[kind] = rate(count.l1 + count.l2, count.misses);
    }
    return { overall: rate(hits, misses), kinds };
  }
}
