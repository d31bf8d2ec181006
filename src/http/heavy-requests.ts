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

/** Limits of one tenant's heavy requests in one process. */
export interface HeavyRequestLimits {
  /** Running at once; the next wait their turn. */
  perTenant: number;
  /** Milliseconds of running time per second (a second's worth may be used in a burst). */
  msPerSecond: number;
}

/** Share of the last sampling period the event loop was busy, past which budgets are enforced. */
const BUSY_LOOP = 0.7;
const LOOP_SAMPLE_MS = 200;

/** Whether the event loop was busy (utilisation past {@link BUSY_LOOP}) over the last sampling period. */
function watchEventLoop(app: FastifyInstance): { busy: () => boolean } {
  let last = performance.eventLoopUtilization();
  let busy = false;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    busy = performance.eventLoopUtilization(now, last).utilization > BUSY_LOOP;
    last = now;
  }, LOOP_SAMPLE_MS).unref();
  app.addHook('onClose', async () => clearInterval(timer));
  return { busy: () => busy };
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

/**
 * Runs at most `perTenant` heavy requests (`config.heavy`) of one tenant at once in this process; the next
 * ones wait for a turn in the tenant's line (a client that hangs up leaves it), and past `perTenant × 32`
 * waiting they get 429 `TENANT_BUSY` with `Retry-After`. Each request's running time is charged to the
 * tenant's time budget; while the event loop is busy, a turn starts only once the budget is no longer
 * overdrawn (at most a second's wait). So when the loop is contended, a tenant sending them
 * at full speed holds at most `perTenant` of them and `msPerSecond` of each second between other tenants'
 * requests (these are event-loop work: counting them only would let back-to-back requests saturate the
 * loop), and a busy but legitimate one only waits.
 */
export function registerHeavyRequestLimit(app: FastifyInstance, limits: HeavyRequestLimits): void {
  const { perTenant, msPerSecond } = limits;
  const lines = new Map<string, TenantLine>(); // one per tenant that sent one: tenants are few
  const refill = (line: TenantLine, now: number) => {
    line.budgetMs = Math.min(msPerSecond, line.budgetMs + ((now - line.budgetAt) * msPerSecond) / 1000);
    line.budgetAt = now;
  };
  const loop = watchEventLoop(app);
  /**
   * Resolves once the line's budget is no longer overdrawn, or at once while the event loop has time to
   * spare, with the milliseconds it waited.
   */
  const budgetAllows = async (line: TenantLine): Promise<number> => {
    refill(line, performance.now());
    line.budgetMs = Math.max(line.budgetMs, -msPerSecond); // a tenant never waits more than a second
    if (line.budgetMs >= 0 || !loop.busy()) return 0;
    const waitMs = (-line.budgetMs * 1000) / msPerSecond;
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    return waitMs;
  };
  /** Frees a running slot and charges its running time (none if it never started: it waited for budget). */
  const release = (line: TenantLine, startedAt: number | undefined) => {
    const now = performance.now();
    refill(line, now);
    if (startedAt !== undefined) line.budgetMs -= now - startedAt;
    const next = line.waiting.shift();
    if (next) return next(); // the slot passes to the next in line
    line.running--;
  };
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.heavy || !request.auth) return;
    const tenantId = request.auth.tenantId;
    let line = lines.get(tenantId);
    if (line === undefined)
      lines.set(
        tenantId,
        (line = { running: 0, waiting: [], budgetMs: msPerSecond, budgetAt: performance.now() }),
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
    const budgetWaitedMs = await budgetAllows(held);
    if (gone) return reply.hijack();
    if (budgetWaitedMs > 0) reply.header('server-timing', `tenant-budget;dur=${budgetWaitedMs.toFixed(1)}`);
    startedAt = performance.now();
  });
}
