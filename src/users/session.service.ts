import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { RecentDigests } from '../shared/recent-digests.ts';
import { SessionCache } from './session-cache.ts';
import type { SessionRow, SessionsEnded, User, UserRepository } from './user.repository.ts';

/** How long sessions live: since the last request (`idleMs`) and since sign-in (`absoluteMs`). */
export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}

/** A live session as a request sees it (the token itself is never kept). */
export type LiveSession = SessionRow;

/** Activity is written at most this often per session; idle expiry is therefore exact to within it. */
const MAX_TOUCH_INTERVAL_MS = 60_000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Server-side sessions: a 256-bit random token in the cookie, only its SHA-256 in PostgreSQL. Each process
 * keeps copies of the sessions it serves (`SessionCache`); any process ending a session or changing its user
 * announces it on `SESSIONS_ENDED_CHANNEL`, and every process drops its copies (`ended`). Idle expiry is
 * decided from `last_seen_at`, which is written at most once per touch interval; a copy that looks idle is
 * read again from the database before the session is refused, since another process may have served it.
 */
export class SessionService {
  readonly #cache = new SessionCache();
  /** Digests the database said are not live: repeats cost no query (a session never comes back). */
  readonly #dead = new RecentDigests(10 * 60_000);
  readonly #watchers = new Map<string, { userId: string; onEnd: Set<() => void> }>();
  readonly #touchMs: number;

  constructor(
    private readonly repository: UserRepository,
    private readonly lifetimes: SessionLifetimes,
  ) {
    this.#touchMs = Math.min(MAX_TOUCH_INTERVAL_MS, Math.max(1, Math.floor(lifetimes.idleMs / 10)));
  }

  /** How long a new session's cookie may live, in seconds (its absolute expiry). */
  get maxAgeSeconds(): number {
    return Math.floor(this.lifetimes.absoluteMs / 1000);
  }

  /** Starts a session for a user who just proved who they are; the token is returned once, for the cookie. */
  async start(user: User, tenantName: string): Promise<{ token: string; session: LiveSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session: LiveSession = {
      id: uuidv7(),
      userId: user.id,
      tenantId: user.tenantId,
      tenantName,
      email: user.email,
      role: user.role,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.lifetimes.absoluteMs),
    };
    await this.repository.createSession({ ...session, tokenHash: tokenHash(token) });
    return { token, session };
  }

  /**
   * The live session of a cookie token, or undefined when it has ended (logged out, expired, user disabled)
   * or never existed. A token the database said is not live is remembered, so its repeats cost no query.
   */
  async authenticate(token: string): Promise<LiveSession | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const digest = tokenDigest(token);
    if (this.#dead.has(digest)) return undefined;
    const now = Date.now();
    let session = this.#cache.get(digest);
    if (session === undefined || this.#idle(session, now)) session = await this.#load(digest);
    if (session === undefined || this.#idle(session, now) || session.expiresAt.getTime() <= now) {
      this.#dead.add(digest);
      this.#cache.delete(digest);
      return undefined;
    }
    if (now - session.lastSeenAt.getTime() >= this.#touchMs) {
      const seen = new Date(now);
      await this.repository.touchSession(session.id, seen);
      session = { ...session, lastSeenAt: seen };
      this.#cache.update(digest, session);
    }
    return session;
  }

  /** True when the database was asked about this token and said it is not live (no query needed now). */
  knownEnded(token: string): boolean {
    return TOKEN.test(token) && this.#dead.has(tokenDigest(token));
  }

  /** Ends the session of a cookie token (logout), in every process. */
  async end(token: string): Promise<void> {
    if (!TOKEN.test(token)) return;
    const digest = tokenDigest(token);
    this.#cache.delete(digest);
    this.#dead.add(digest);
    await this.repository.revokeSession(tokenHash(token));
  }

  /** True when `presented` is the session's CSRF token (constant time). */
  csrfMatches(session: LiveSession, presented: string | undefined): boolean {
    if (presented === undefined) return false;
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Calls `onEnd` once when the session ends or its user changes (in any process); returns the way to stop. */
  watch(session: LiveSession, onEnd: () => void): () => void {
    let watched = this.#watchers.get(session.id);
    if (watched === undefined)
      this.#watchers.set(session.id, (watched = { userId: session.userId, onEnd: new Set() }));
    watched.onEnd.add(onEnd);
    return () => {
      watched.onEnd.delete(onEnd);
      if (watched.onEnd.size === 0 && this.#watchers.get(session.id) === watched)
        this.#watchers.delete(session.id);
    };
  }

  /** A process announced ended sessions (`SESSIONS_ENDED_CHANNEL`): this one drops its copies of them. */
  ended(ended: SessionsEnded): void {
    if (ended.tokenHash !== undefined && ended.sessionId !== undefined) {
      this.#cache.delete(ended.tokenHash);
      this.#dead.add(ended.tokenHash);
      this.#endWatchers((id) => id === ended.sessionId);
    } else {
      this.#cache.deleteUser(ended.userId);
      this.#endWatchers((_id, userId) => userId === ended.userId);
    }
  }

  /** Announcements may have been missed: every copy is dropped and what sessions hold open is ended. */
  resync(): void {
    this.#cache.clear();
    this.#endWatchers(() => true);
  }

  /** Deletes sessions that ended more than a day ago. */
  prune(): Promise<number> {
    return this.repository.pruneSessions();
  }

  #idle(session: LiveSession, now: number): boolean {
    return now - session.lastSeenAt.getTime() >= this.lifetimes.idleMs;
  }

  async #load(digest: string): Promise<LiveSession | undefined> {
    const generation = this.#cache.generation;
    const session = await this.repository.getLiveSession(Buffer.from(digest, 'hex'));
    if (session !== undefined) this.#cache.set(digest, session, generation);
    return session;
  }

  #endWatchers(matches: (sessionId: string, userId: string) => boolean): void {
    for (const [id, watched] of this.#watchers) {
      if (!matches(id, watched.userId)) continue;
      this.#watchers.delete(id);
      for (const onEnd of watched.onEnd) onEnd();
    }
  }
}

function tokenHash(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}

function tokenDigest(token: string): string {
  return hash('sha256', token, 'hex');
}
