import type { CreateDriverResult, L2CacheDriver } from 'bentocache/types';
import { redisDriver } from 'bentocache/drivers/redis';
import type { RedisConnection } from '../redis/index.ts';

type Circuit = RedisConnection['circuit'];

/** The bentocache L2 driver contract, wrapped so every call goes through the circuit. */
class GuardedL2Driver implements L2CacheDriver {
  readonly type = 'l2' as const;

  constructor(
    private readonly inner: L2CacheDriver,
    private readonly circuit: Circuit,
  ) {}

  namespace(namespace: string): GuardedL2Driver {
    return new GuardedL2Driver(this.inner.namespace(namespace) as L2CacheDriver, this.circuit);
  }

  get(key: string): Promise<string | undefined> {
    return this.circuit.run('get', [], () => this.inner.get(key));
  }

  pull(key: string): Promise<string | undefined> {
    return this.circuit.run('pull', [key], () => this.inner.pull(key));
  }

  set(key: string, value: string, ttl?: number): Promise<boolean> {
    return this.circuit.run('set', [key], () => this.inner.set(key, value, ttl));
  }

  clear(): Promise<void> {
    return this.circuit.run('clear', [], () => this.inner.clear());
  }

  delete(key: string): Promise<boolean> {
    return this.circuit.run('delete', [key], () => this.inner.delete(key));
  }

  deleteMany(keys: string[]): Promise<boolean> {
    return this.circuit.run('deleteMany', keys, () => this.inner.deleteMany(keys));
  }

  /** The connection is owned and closed by the cache facade. */
  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}

/** bentocache L2 layer on the shared Redis connection (bentocache's Redis driver) behind its circuit. */
export function l2Layer(redis: RedisConnection): CreateDriverResult<L2CacheDriver> {
  const inner = redisDriver({ connection: redis.client });
  return {
    options: inner.options,
    factory: (config: unknown) => new GuardedL2Driver(inner.factory(config), redis.circuit),
  };
}
