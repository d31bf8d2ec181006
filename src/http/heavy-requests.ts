import type { FastifyInstance } from 'fastify';
import { TenantBusyError } from './http.errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** CPU-heavy on the event loop (pricing, similar search, batches): a few at once per tenant. */
    heavy?: boolean;
  }
}

/** Heavy requests of one tenant that may wait for a turn, per running slot; more are refused. */
const WAITING_PER_SLOT = 32;

/** One tenant's heavy requests in this process: how many run, and who waits for a turn (in order). */
interface TenantLine {
  running: number;
  waiting: Array<() => void>;
}

/**
 * Runs at most `perTenant` heavy requests (`config.heavy`) of one tenant at once in this process; the next
 * ones wait for a turn in the tenant's line (a client that hangs up leaves it), and past `perTenant × 32`
 * waiting they get 429 `TENANT_BUSY` with `Retry-After`. So a tenant sending them at full speed holds at
 * most `perTenant` of them between other tenants' requests, and a busy but legitimate one only waits.
 */
export function registerHeavyRequestLimit(app: FastifyInstance, perTenant: number): void {
  const lines = new Map<string, TenantLine>();
  const release = (tenantId: string, line: TenantLine) => {
    const next = line.waiting.shift();
    if (next) return next(); // the slot passes to the next in line
    line.running--;
    if (line.running === 0) lines.delete(tenantId);
  };
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.heavy || !request.auth) return;
    const tenantId = request.auth.tenantId;
    let line = lines.get(tenantId);
    if (line === undefined) lines.set(tenantId, (line = { running: 0, waiting: [] }));
    const held = line;
    if (held.running >= perTenant && held.waiting.length >= perTenant * WAITING_PER_SLOT)
      throw new TenantBusyError(perTenant);
    let holding = held.running < perTenant;
    if (holding) held.running++;
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
    reply.raw.once('close', () => {
      if (holding) return release(tenantId, held);
      const at = held.waiting.indexOf(grant);
      if (at >= 0) held.waiting.splice(at, 1);
      leave();
    });
    if (holding) return;
    held.waiting.push(grant);
    // the client left while waiting: nothing to run, and no one to answer
    if (!(await turn)) return reply.hijack();
  });
}
