import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerKey, type AuthContext, type TenantService } from '../tenants/index.ts';
import { AppError } from '../shared/app-error.ts';
import type { RateLimiter } from './rate-limit.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated tenant; set on every tenant route. */
    auth: AuthContext;
  }
}

/** Too many requests for this tenant; `Retry-After` tells when to come back. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, `rate limit exceeded; retry after ${retryAfterSeconds} s`);
  }
}

/** Routes under /api that need no tenant key. */
const PUBLIC_PREFIXES = ['/api/admin/', '/api/material-catalog', '/api/material-locations'];

/**
 * Authenticates `/api/*` requests: the operator token for `/api/admin/*`, a tenant API key elsewhere,
 * then applies the per-tenant rate limit.
 */
export function registerAuth(
  app: FastifyInstance,
  tenants: TenantService,
  options: { adminToken: string | undefined; limiter: RateLimiter },
): void {
  const { limiter } = options;
  const adminHash = options.adminToken ? sha256(options.adminToken) : undefined;
  app.decorateRequest('auth', null as unknown as AuthContext);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const url = request.url; // the prefixes end before any query string
    if (!url.startsWith('/api/')) return;
    if (url.startsWith('/api/admin/')) return checkAdmin(request.headers.authorization, adminHash);
    if (PUBLIC_PREFIXES.some((prefix) => url.startsWith(prefix))) return;
    request.auth = await tenants.authenticate(request.headers.authorization);
    const waitSeconds = await limiter.take(request.auth.tenantId);
    if (waitSeconds > 0) {
      void reply.header('retry-after', String(waitSeconds));
      throw new RateLimitedError(waitSeconds);
    }
  });
}

function checkAdmin(authorization: string | undefined, adminHash: Buffer | undefined): void {
  const token = bearerKey(authorization);
  if (!adminHash) throw new AppError('ADMIN_DISABLED', 403, 'operator API disabled: set ADMIN_TOKEN');
  if (!token || !timingSafeEqual(sha256(token), adminHash)) {
    throw new AppError('UNAUTHORIZED', 401, 'operator token required: Authorization: Bearer <ADMIN_TOKEN>');
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
