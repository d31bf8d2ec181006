import type { RedisClient } from '../redis/index.ts';
import { CacheUnavailableError } from './cache.errors.ts';
import type { DataKey } from './cache-keys.ts';

/** One value to write. */
export interface BatchEntry {
  readonly key: DataKey;
  readonly value: unknown;
  readonly ttlMs?: number;
}

/** One counter increment; `ttlMs` is set when the counter is created (e.g. a daily usage window). */
export interface BatchIncrement {
  readonly key: DataKey;
  readonly by: number;
  readonly ttlMs?: number;
}

/** Batched reads, writes and counters in one round trip (Redis) or in memory (no Redis). */
export interface BatchStore {
  getMany<T>(keys: readonly DataKey[]): Promise<Array<T | undefined>>;
  setMany(entries: readonly BatchEntry[]): Promise<void>;
  /** Returns each counter's new value, in order. */
  incrMany(increments: readonly BatchIncrement[]): Promise<number[]>;
}

/** Batch helpers over one pipelined Redis round trip; throws `CacheUnavailableError` when Redis fails. */
export class RedisBatch implements BatchStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly chunkSize = 500,
  ) {}

  async getMany<T>(keys: readonly DataKey[]): Promise<Array<T | undefined>> {
    const pipeline = this.redis.pipeline();
    for (let i = 0; i < keys.length; i += this.chunkSize) {
      pipeline.mget(keys.slice(i, i + this.chunkSize).map((key) => this.#key(key)));
    }
    const chunks = (await this.#exec('getMany', pipeline)) as Array<Array<string | null>>;
    return chunks.flat().map((raw) => (raw === null ? undefined : (JSON.parse(raw) as T)));
  }

  async setMany(entries: readonly BatchEntry[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const { key, value, ttlMs } of entries) {
      const json = JSON.stringify(value);
      if (ttlMs === undefined) pipeline.set(this.#key(key), json);
      else pipeline.set(this.#key(key), json, 'PX', ttlMs);
    }
    await this.#exec('setMany', pipeline);
  }

  async incrMany(increments: readonly BatchIncrement[]): Promise<number[]> {
    const pipeline = this.redis.pipeline();
    for (const { key, by, ttlMs } of increments) {
      pipeline.incrby(this.#key(key), by);
      // NX: the window starts when the counter is created, later increments do not extend it
      if (ttlMs !== undefined) pipeline.pexpire(this.#key(key), ttlMs, 'NX');
    }
    const results = await this.#exec('incrMany', pipeline);
    const values: number[] = [];
    let i = 0;
    for (const { ttlMs } of increments) {
      values.push(results[i] as number);
      i += ttlMs === undefined ? 1 : 2;
    }
    return values;
  }

  #key(key: DataKey): string {
    return `${this.prefix}:${key}`;
  }

  async #exec(operation: string, pipeline: ReturnType<RedisClient['pipeline']>): Promise<unknown[]> {
    if (pipeline.length === 0) return [];
    let results: Array<[Error | null, unknown]> | null;
    try {
      results = await pipeline.exec();
    } catch (err) {
      throw new CacheUnavailableError(operation, { cause: err });
    }
    const failed = results?.find(([err]) => err !== null);
    if (results === null || failed) throw new CacheUnavailableError(operation, { cause: failed?.[0] });
    return results.map(([, value]) => value);
  }
}

/** The same helpers in process memory (embedded default); values are copied through JSON like Redis. */
export class MemoryBatch implements BatchStore {
  readonly #data = new Map<string, { json: string; expiresAt: number }>();

  getMany<T>(keys: readonly DataKey[]): Promise<Array<T | undefined>> {
    return Promise.resolve(
      keys
        .map((key) => this.#read(key))
        .map((json) => (json === undefined ? undefined : (JSON.parse(json) as T))),
    );
  }

  setMany(entries: readonly BatchEntry[]): Promise<void> {
    for (const { key, value, ttlMs } of entries) this.#write(key, JSON.stringify(value), ttlMs);
    return Promise.resolve();
  }

  incrMany(increments: readonly BatchIncrement[]): Promise<number[]> {
    return Promise.resolve(
      increments.map(({ key, by, ttlMs }) => {
        const current = this.#read(key);
        const next = Number(current ?? 0) + by;
        const expiresAt = current === undefined ? undefined : this.#data.get(key)?.expiresAt;
        this.#data.set(key, {
          json: String(next),
          expiresAt: expiresAt ?? (ttlMs === undefined ? Infinity : Date.now() + ttlMs),
        });
        return next;
      }),
    );
  }

  #read(key: string): string | undefined {
    const slot = this.#data.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt > Date.now()) return slot.json;
    this.#data.delete(key);
    return undefined;
  }

  #write(key: string, json: string, ttlMs?: number): void {
    this.#data.set(key, { json, expiresAt: ttlMs === undefined ? Infinity : Date.now() + ttlMs });
  }
}
