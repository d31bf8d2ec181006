import type { FastifyInstance } from 'fastify';
import { performance } from 'node:perf_hooks';
import { TenantBusyError } from './http.errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** CPU-heavy on the event loop (pricing, similar search, batches): a few at once per tenant. */
    heavy?: boolean;
  }
}

/** Heavy requests of one tenant that may wait for a turn, per running slot; more are refused. */
const WAITING_PER_SLOT = 32;

/** How recently another tenant must have sent a request for a tenant's heavy requests to share the loop. */
const OTHERS_ACTIVE_MS = 250;

/** Limits of one tenant's heavy requests in one process. */
export interface HeavyRequestLimits {
  /** Running at once; the next wait their turn. */
  perTenant: number;
  /** Milliseconds of running time per second while other tenants are active (a tenth may be used in a burst). */
  msPerSecond: number;
}

/**
 * When tenants last sent a request to this process. Only the two most recently seen tenants are kept:
 * the most recent tenant other than any given one is always one of them.
 */
export class TenantActivity {
  #latest: { tenantId: string; at: number } | undefined;
  #before: { tenantId: string; at: number } | undefined;

  /** Notes a request of `tenantId`. */
  seen(tenantId: string, now = performance.now()): void {
    if (this.#latest?.tenantId !== tenantId) this.#before = this.#latest;
    this.#latest = { tenantId, at: now };
  }

  /** Whether a tenant other than `tenantId` sent a request in the last `withinMs`. */
  othersActive(tenantId: string, withinMs = OTHERS_ACTIVE_MS, now = performance.now()): boolean {
    const other = this.#latest?.tenantId === tenantId ? this.#before : this.#latest;
    return other !== undefined && now - other.at <= withinMs;
  }
}

/**
 * One tenant's heavy requests in this process: how many run, who waits for a turn (in order), and its
 * time budget (milliseconds it may still run before the next turn waits, refilled at `msPerSecond`).
 */
interface TenantLine {
  running: number;
  waiting: Array<() => void>;
  budgetMs: number;
  budgetAt: number;
}

/** Resolves in the event loop's next turn: the requests already waiting for the loop go first. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs at most `perTenant` heavy requests (`config.heavy`) of one tenant at once in this process; the next
 * ones wait for a turn in the tenant's line (a client that hangs up leaves it), and past `perTenant × 32`
 * waiting they get 429 `TENANT_BUSY` with `Retry-After`. Every turn starts in an event-loop turn of its own,
 * so requests already waiting for the loop are read in between. Each request's running time (event-loop
 * work: pricing and matching are synchronous) is charged to the tenant's time budget. While another tenant
 * has sent a request in the last 250 ms, a turn starts only once the budget is no longer overdrawn (at most
 * a second's wait): a tenant sending heavy requests at full speed then gets `msPerSecond` of each second,
 * in bursts of a tenth of it, and the other tenants' requests the rest. A tenant alone is never held back.
 * `activity` is fed by every authenticated request (here, and by the hot reads).
 */
export function registerHeavyRequestLimit(
  app: FastifyInstance,
  limits: HeavyRequestLimits,
  activity: TenantActivity,
): void {
  const { perTenant, msPerSecond } = limits;
  const burstMs = msPerSecond / 10;
  const lines = new Map<string, TenantLine>(); // one per tenant that sent one: tenants are few
  const refill = (line: TenantLine, now: number) => {
    line.budgetMs = Math.min(burstMs, line.budgetMs + ((now - line.budgetAt) * msPerSecond) / 1000);
    line.budgetMs = Math.max(line.budgetMs, -msPerSecond); // a tenant never waits more than a second
    line.budgetAt = now;
  };
  /** Resolves once the tenant may run (budget left, or no one else waiting), with the milliseconds it waited. */
  const budgetAllows = async (tenantId: string, line: TenantLine): Promise<number> => {
    await nextTurn();
    const now = performance.now();
    refill(line, now);
    if (line.budgetMs >= 0 || !activity.othersActive(tenantId, OTHERS_ACTIVE_MS, now)) return 0;
    await sleep((-line.budgetMs * 1000) / msPerSecond);
    return performance.now() - now;
  };
  /** Frees a running slot and charges its running time (none if it never started). */
  const release = (line: TenantLine, startedAt: number | undefined) => {
    const now = performance.now();
    refill(line, now);
    if (startedAt !== undefined) line.budgetMs = Math.max(line.budgetMs - (now - startedAt), -msPerSecond);
    const next = line.waiting.shift();
    if (next) return next(); // the slot passes to the next in line
    line.running--;
  };
  app.addHook('preHandler', async (request, reply) => {
    if (!request.auth) return;
    const tenantId = request.auth.tenantId;
    activity.seen(tenantId);
    if (!request.routeOptions.config.heavy) return;
    let line = lines.get(tenantId);
    if (line === undefined)
      lines.set(
        tenantId,
        (line = { running: 0, waiting: [], budgetMs: burstMs, budgetAt: performance.now() }),
      );
    const held = line;
    if (held.running >= perTenant && held.waiting.length >= perTenant * WAITING_PER_SLOT)
      throw new TenantBusyError(perTenant);
    let holding = held.running < perTenant;
    if (holding) held.running++;
    let startedAt: number | undefined = undefined; // set once the turn starts running
    let grant = () => undefined as void;
    let leave = () => undefined as void;
    const turn = new Promise<boolean>((resolve) => {
      grant = () => {
        holding = true;
        resolve(true);
      };
      leave = () => resolve(false);
    });
    // one listener for the whole life of the request: it frees the slot, or the place in the line
    let gone = false;
    reply.raw.once('close', () => {
      gone = true;
      if (holding) return release(held, startedAt);
      const at = held.waiting.indexOf(grant);
      if (at >= 0) held.waiting.splice(at, 1);
      leave();
    });
    if (!holding) {
      held.waiting.push(grant);
      // the client left while waiting: nothing to run, and no one to answer
      if (!(await turn)) return reply.hijack();
    }
    const budgetWaitedMs = await budgetAllows(tenantId, held);
    if (gone) return reply.hijack();
    if (budgetWaitedMs > 0) reply.header('server-timing', `tenant-budget;dur=${budgetWaitedMs.toFixed(1)}`);
    startedAt = performance.now();
  });
}
