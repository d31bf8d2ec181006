import type { FastifyReply } from 'fastify';
import { AppError } from '../shared/app-error.ts';
import { TooManyFailedAuthError } from './http.errors.ts';
import type { RateLimiter } from '../rate-limit/index.ts';

/** Addresses remembered as blocked at most; the oldest are forgotten first. */
const MAX_BLOCKED = 100_000;

/**
 * A blocked address's refusal is answered this late (or when its block ends, if sooner): a guesser's
 * connections then each carry about one request a second, where an instant 429 would let it keep the event
 * loop busy with refusals. A held request costs a timer.
 */
const BLOCKED_ANSWER_DELAY_MS = 1000;

/**
 * Limits failed authentications (unknown keys, wrong operator tokens, wrong passwords) per client address,
 * or per account for sign-in: every failure takes a token from the key's bucket; once it is empty, the key
 * gets 429 with `Retry-After` before any credential is looked up, so guessing costs neither database
 * queries nor hashing.
 */
export class FailedAuthLimiter {
  /** Address → when its block ends (ms, performance clock). */
  readonly #blockedUntil = new Map<string, number>();

  constructor(
    private readonly failures: RateLimiter,
    private readonly refusal: (retryAfterSeconds: number) => AppError = (seconds) =>
      new TooManyFailedAuthError(seconds),
  ) {}

  /**
   * Runs `authenticate` for a request from `address`, counting a 401 it throws as a failure. A `trusted`
   * credential (one that verified recently) is checked even while the address is blocked.
   */
  async guard<T>(
    address: string,
    reply: FastifyReply,
    authenticate: () => T | Promise<T>,
    trusted = false,
  ): Promise<T> {
    const blockedUntil = trusted ? undefined : this.#blockedUntil.get(address);
    if (blockedUntil !== undefined) {
      const waitMs = blockedUntil - performance.now();
      if (waitMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, BLOCKED_ANSWER_DELAY_MS)));
        throw this.#refuse(reply, Math.max(1, Math.ceil((blockedUntil - performance.now()) / 1000)));
      }
      this.#blockedUntil.delete(address);
    }
    try {
      return await authenticate();
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 401) throw error;
      const waitSeconds = await this.failures.take(address);
      if (waitSeconds === 0) throw error;
      this.#block(address, waitSeconds);
      throw this.#refuse(reply, waitSeconds);
    }
  }

  #block(address: string, seconds: number): void {
    if (this.#blockedUntil.size >= MAX_BLOCKED) {
      const oldest = this.#blockedUntil.keys().next().value;
      if (oldest !== undefined) this.#blockedUntil.delete(oldest);
    }
    this.#blockedUntil.delete(address);
    this.#blockedUntil.set(address, performance.now() + seconds * 1000);
  }

  #refuse(reply: FastifyReply, seconds: number): AppError {
    void reply.header('retry-after', String(seconds));
    return this.refusal(seconds);
  }
}
