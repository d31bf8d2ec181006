/**
 * Digests of presented credentials (API keys, session tokens) remembered for a while in this process,
 * oldest forgotten first past the bound: ones found unknown or ended (so a repeat costs no control-database
 * query; safe, since they are minted by the server with 256 random bits, an unknown digest cannot become
 * valid) and keys that verified.
 */
export class RecentDigests {
  /** Digest → when it is forgotten (ms). Insertion order is the eviction order. */
  readonly #until = new Map<string, number>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when `digest` was found unknown less than the TTL ago. */
  has(digest: string): boolean {
    const until = this.#until.get(digest);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#until.delete(digest);
    return false;
  }

  /** Remembers `digest` as unknown. */
  add(digest: string): void {
    if (this.#until.size >= this.maxEntries) {
      const oldest = this.#until.keys().next().value;
      if (oldest !== undefined) this.#until.delete(oldest);
    }
    this.#until.set(digest, this.now() + this.ttlMs);
  }
}
