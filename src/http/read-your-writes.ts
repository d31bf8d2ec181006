import type { FastifyInstance } from 'fastify';

/** Methods that change nothing: their requests never pin a tenant's reads. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After a tenant's request that may have written answers (its transactions committed), records the write so
 * the tenant's next staleness-tolerant reads stay on the primary until a replica has replayed it. It runs
 * before the answer is sent: a client reading after its answer always sees its own write.
 */
export function registerReadYourWrites(
  app: FastifyInstance,
  router: { noteWrite(tenantId: string): Promise<void> },
): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (SAFE_METHODS.has(request.method) || !request.auth || reply.statusCode >= 400) return payload;
    await router.noteWrite(request.auth.tenantId).catch(() => undefined);
    return payload;
  });
}
