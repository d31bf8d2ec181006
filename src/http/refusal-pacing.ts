/** A tenant's second refusal within this many milliseconds is answered this late. */
const PACED_ANSWER_MS = 1000;
/** Refusals held at once in this process at most; past it they are answered at once. */
const MAX_HELD = 10_000;
/** Tenants remembered at most (the map is emptied past it: the pacing is only a brake). */
const MAX_TENANTS = 100_000;

/** Codes that refuse a request for a limit of the tenant's (rate, quota, busy), which asking again does not lift. */
const LIMIT_CODES = new Set(['QUOTA_EXCEEDED', 'EVENT_TYPE_LIMIT']);

/** Whether `error` refuses a request for a limit: too many (429), too large (413), or past a quota. */
export function isLimitRefusal(error: Error & { statusCode?: number; code?: string }): boolean {
  return error.statusCode === 429 || error.statusCode === 413 || LIMIT_CODES.has(error.code ?? '');
}

/**
 * Paces the limit refusals of each tenant in this process: the first is answered at once, and another
 * within a second of it is held for a second first. A client that keeps sending after being told to stop
 * then gets about one answer per second per connection, where instant refusals would let it keep the event
 * loop busy with them (floods of refused event streams, rules, oversized events); a client that waits as
 * `Retry-After` says is never held. A held refusal costs a timer; past 10,000 held, refusals go at once.
 */
export class RefusalPacing {
  /** Tenant → when its last refusal was decided (ms, performance clock). */
  readonly #lastRefusal = new Map<string, number>();
  #held = 0;

  /** Resolves when the refusal of a request of `tenantId` may be sent. */
  async pace(tenantId: string): Promise<void> {
    const now = performance.now();
    const last = this.#lastRefusal.get(tenantId);
    if (this.#lastRefusal.size >= MAX_TENANTS) this.#lastRefusal.clear();
    this.#lastRefusal.set(tenantId, now);
    if (last === undefined || now - last > PACED_ANSWER_MS || this.#held >= MAX_HELD) return;
    this.#held++;
    await new Promise((resolve) => setTimeout(resolve, PACED_ANSWER_MS));
    this.#held--;
  }
}
