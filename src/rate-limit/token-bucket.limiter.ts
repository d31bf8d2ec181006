/**
 * A per-tenant rate limit. `takeNow` decides without waiting when it can (0: allowed, > 0: seconds to wait,
 * undefined: only `take` can tell), so hot reads stay synchronous; `take` always decides.
 */
export interface RateLimiter {
  takeNow(key: string): number | undefined;
  take(key: string): Promise<number>;
}

/** Per-key token buckets in this process: `ratePerSecond` sustained, `burst` at once. */
export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`: 0 when allowed, else the whole seconds to wait. */
  takeNow(key: string): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond));
  }

  take(key: string): Promise<number> {
    return Promise.resolve(this.takeNow(key));
  }
}
