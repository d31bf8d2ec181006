import type { SessionRow } from './user.repository.ts';

/**
 * This process's copies of live sessions by token digest (hex), with an index by user so that a user's
 * sessions can all be dropped when any process announces a change to that user. Entries live at most
 * `ttlMs` (a safety net: every ending is announced), the oldest forgotten first past `maxEntries`.
 */
export class SessionCache {
  /** Digest → session and when the copy is forgotten (ms). Insertion order is the eviction order. */
  readonly #byDigest = new Map<string, { session: SessionRow; until: number }>();
  readonly #byUser = new Map<string, Set<string>>();
  /** Bumped on every drop: a load that began before one must not store what it read. */
  #generation = 0;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 100_000,
  ) {}

  /** The current generation, taken before a load and given back to `set`. */
  get generation(): number {
    return this.#generation;
  }

  get(digest: string): SessionRow | undefined {
    const entry = this.#byDigest.get(digest);
    if (entry === undefined) return undefined;
    if (entry.until > performance.now()) return entry.session;
    this.delete(digest);
    return undefined;
  }

  /** Stores a session read from the database, unless something was dropped since the read began. */
  set(digest: string, session: SessionRow, generation: number): void {
    if (generation !== this.#generation) return;
    if (!this.#byDigest.has(digest) && this.#byDigest.size >= this.maxEntries) {
      const oldest = this.#byDigest.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    this.#byDigest.delete(digest);
    this.#byDigest.set(digest, { session, until: performance.now() + this.ttlMs });
    let digests = this.#byUser.get(session.userId);
    if (digests === undefined) this.#byUser.set(session.userId, (digests = new Set()));
    digests.add(digest);
  }

  /** Replaces the copy of a session (after recording activity) without extending its life here. */
  update(digest: string, session: SessionRow): void {
    const entry = this.#byDigest.get(digest);
    if (entry !== undefined) entry.session = session;
  }

  delete(digest: string): void {
    this.#generation++;
    const entry = this.#byDigest.get(digest);
    if (entry === undefined) return;
    this.#byDigest.delete(digest);
    const digests = this.#byUser.get(entry.session.userId);
    digests?.delete(digest);
    if (digests?.size === 0) this.#byUser.delete(entry.session.userId);
  }

  /** Drops every session of a user (disabled, role changed). */
  deleteUser(userId: string): void {
    this.#generation++;
    for (const digest of this.#byUser.get(userId) ?? []) this.#byDigest.delete(digest);
    this.#byUser.delete(userId);
  }

  /** Drops everything (announcements may have been missed). */
  clear(): void {
    this.#generation++;
    this.#byDigest.clear();
    this.#byUser.clear();
  }
}
