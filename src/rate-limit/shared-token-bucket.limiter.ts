import type { SharedBuckets } from '../redis/index.ts';
import { TokenBucketLimiter, type RateLimiter } from './token-bucket.limiter.ts';

/** Leased tokens not used within this long are dropped, so an idle process cannot hoard a tenant's rate. */
const LEASE_MS = 1000;

interface Lease {
  tokens: number;
  expiresAt: number;
  deniedUntil: number;
  /** Requests waiting for the next lease: it asks for at least one token each. */
  waiting: number;
  refilling?: Promise<void>;
}

/**
 * The per-tenant limit shared by every process on one Redis. Each process leases a few tokens at a time
 * (about 20 ms of the rate, at most a tenth of the burst) from the tenant's bucket in Redis and spends
 * them without a round trip; it leases the next batch when half is spent. So the limit holds across a
 * cluster, overshooting by at most one lease per process. While the buckets are unavailable (Redis
 * unreachable, or a command failed moments ago), each process falls back to its own buckets.
 */
export class SharedTokenBucketLimiter implements RateLimiter {
  readonly #leases = new Map<string, Lease>();
  readonly #leaseSize: number;
  readonly #fallback: TokenBucketLimiter;

  constructor(
    private readonly buckets: SharedBuckets,
    private readonly keyPrefix: string,
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.#leaseSize = Math.max(1, Math.min(Math.floor(ratePerSecond / 50), Math.floor(burst / 10)));
    this.#fallback = new TokenBucketLimiter(ratePerSecond, burst);
  }

  takeNow(key: string): number | undefined {
    if (!this.buckets.available()) return this.#fallback.takeNow(key);
    const lease = this.#leases.get(key);
    if (lease === undefined) return undefined;
    const now = Date.now();
    if (now < lease.deniedUntil) return Math.max(1, Math.ceil((lease.deniedUntil - now) / 1000));
    if (lease.tokens < 1 || now >= lease.expiresAt) return undefined;
    lease.tokens -= 1;
    if (this.#leaseSize > 1 && lease.tokens < this.#leaseSize / 2) void this.#refill(key, lease);
    return 0;
  }

  async take(key: string): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const decided = this.takeNow(key);
      if (decided !== undefined) return decided;
      let lease = this.#leases.get(key);
      if (lease === undefined) {
        lease = { tokens: 0, expiresAt: 0, deniedUntil: 0, waiting: 0 };
        this.#leases.set(key, lease);
      }
      lease.waiting++;
      try {
        await this.#refill(key, lease);
      } finally {
        lease.waiting--;
      }
    }
    return 1; // other requests of this tenant took every token leased meanwhile
  }

  /** Leases more tokens for `key`; concurrent callers share one round trip. */
  #refill(key: string, lease: Lease): Promise<void> {
    lease.refilling ??= (async () => {
      try {
        const [granted, waitMs] = await this.buckets.take(
          `${this.keyPrefix}:ratelimit:${key}`,
          this.ratePerSecond,
          this.burst,
          Math.max(this.#leaseSize, lease.waiting),
        );
        const now = Date.now();
        if (now >= lease.expiresAt) lease.tokens = 0;
        lease.tokens += granted;
        lease.expiresAt = now + LEASE_MS;
        lease.deniedUntil = granted > 0 ? 0 : now + waitMs;
      } catch {
        // the buckets are unavailable now: the local ones decide until Redis is back
      } finally {
        lease.refilling = undefined;
      }
    })();
    return lease.refilling;
  }
}
