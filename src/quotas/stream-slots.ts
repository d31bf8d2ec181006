import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/index.ts';

/** Counts each tenant's open event streams against a limit. */
export interface StreamSlots {
  /** Takes one of the tenant's `limit` slots: its release, or undefined when all are taken. */
  take(tenantId: string, limit: number): Promise<(() => void) | undefined>;
  /** The tenant's slots in use. */
  count(tenantId: string): Promise<number>;
  close(): void;
}

/** Slots counted in this process only (no Redis): each process allows the limit. */
export class LocalStreamSlots implements StreamSlots {
  readonly #open = new Map<string, number>();

  take(tenantId: string, limit: number): Promise<(() => void) | undefined> {
    const used = this.#open.get(tenantId) ?? 0;
    if (used >= limit) return Promise.resolve(undefined);
    this.#open.set(tenantId, used + 1);
    let released = false;
    return Promise.resolve(() => {
      if (released) return;
      released = true;
      const left = (this.#open.get(tenantId) ?? 1) - 1;
      if (left > 0) this.#open.set(tenantId, left);
      else this.#open.delete(tenantId);
    });
  }

  count(tenantId: string): Promise<number> {
    return Promise.resolve(this.#open.get(tenantId) ?? 0);
  }

  close(): void {}
}

// Drops expired leases, then adds this slot when the tenant has fewer than the limit. Atomic in Redis.
const TAKE_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * Slots shared by every process on one Redis: a sorted set per tenant, one member per open stream, scored by
 * when its lease ends. Each process renews the leases of its streams every third of the lease, so the slots of
 * a process that died free themselves within `leaseMs`. While Redis fails, streams are counted per process.
 */
export class RedisStreamSlots implements StreamSlots {
  readonly #held = new Map<string, string>(); // member → key
  readonly #process = randomUUID();
  readonly #local = new LocalStreamSlots();
  readonly #timer: NodeJS.Timeout;
  #next = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly leaseMs = 60_000,
  ) {
    this.#timer = setInterval(() => void this.#renew(), leaseMs / 3);
    this.#timer.unref();
  }

  async take(tenantId: string, limit: number): Promise<(() => void) | undefined> {
    const key = this.#key(tenantId);
    const member = `${this.#process}:${this.#next++}`;
    const now = Date.now();
    let taken: unknown;
    try {
      taken = await this.redis.eval(TAKE_SLOT, 1, key, now, now + this.leaseMs, limit, member, this.leaseMs);
    } catch {
      return this.#local.take(tenantId, limit);
    }
    if (taken !== 1) return undefined;
    this.#held.set(member, key);
    return () => {
      if (!this.#held.delete(member)) return;
      this.redis.zrem(key, member).catch(() => undefined); // else its lease runs out
    };
  }

  async count(tenantId: string): Promise<number> {
    try {
      return await this.redis.zcount(this.#key(tenantId), `(${Date.now()}`, '+inf');
    } catch {
      return this.#local.count(tenantId);
    }
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #key(tenantId: string): string {
    return `${this.keyPrefix}:quota:streams:${tenantId}`;
  }

  async #renew(): Promise<void> {
    if (this.#held.size === 0) return;
    const until = Date.now() + this.leaseMs;
    const pipeline = this.redis.pipeline();
    for (const [member, key] of this.#held) {
      pipeline.zadd(key, 'XX', until, member);
      pipeline.pexpire(key, this.leaseMs);
    }
    await pipeline.exec().catch(() => undefined); // a missed renewal is retried at the next tick
  }
}
