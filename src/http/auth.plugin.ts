import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { bearerKey, type AuthContext, type TenantService } from '../tenants/index.ts';
import { AppError } from '../shared/app-error.ts';
import { RateLimitedError, UndeclaredAccessError } from './http.errors.ts';
import type { RateLimiter } from '../rate-limit/index.ts';
import type { FailedAuthLimiter } from './failed-auth.limiter.ts';

/**
 * Who may call a route, declared by every route in `config.access`:
 * - `public`: anyone (health, docs, the shared material catalog);
 * - `tenant`: a tenant API key; the tenant comes from the key, and the tenant rate limit applies;
 * - `operator`: the operator token (`ADMIN_TOKEN`);
 * - `monitoring`: the operator token or the metrics token (`METRICS_TOKEN`), for Prometheus.
 */
export type Access = 'public' | 'tenant' | 'operator' | 'monitoring';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; a route without it is refused. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The authenticated tenant; set on every `tenant` route. */
    auth: AuthContext;
  }
}

/** Credentials of the operator and of the metrics scraper. */
export interface OperatorTokens {
  adminToken: string | undefined;
  metricsToken: string | undefined;
}

/** Decides whether a presented bearer token is the operator's or the metrics scraper's. */
export class OperatorCredentials {
  readonly #admin: Buffer | undefined;
  readonly #metrics: Buffer | undefined;

  constructor(tokens: OperatorTokens) {
    this.#admin = tokens.adminToken ? sha256(tokens.adminToken) : undefined;
    this.#metrics = tokens.metricsToken ? sha256(tokens.metricsToken) : undefined;
  }

  /** True when `authorization` carries the operator token. */
  isOperator(authorization: string | undefined): boolean {
    return matches(authorization, this.#admin);
  }

  /** True when `authorization` carries the operator token or the metrics token. */
  isMonitor(authorization: string | undefined): boolean {
    return this.isOperator(authorization) || matches(authorization, this.#metrics);
  }

  /** Throws unless the caller may reach a route of `access` `operator` or `monitoring`. */
  check(access: 'operator' | 'monitoring', authorization: string | undefined): void {
    if (access === 'operator' ? this.isOperator(authorization) : this.isMonitor(authorization)) return;
    if (!this.#admin && (access === 'operator' || !this.#metrics))
      throw new AppError('ADMIN_DISABLED', 403, 'operator API disabled: set ADMIN_TOKEN');
    throw new AppError(
      'UNAUTHORIZED',
      401,
      access === 'operator'
        ? 'operator token required: Authorization: Bearer <ADMIN_TOKEN>'
        : 'metrics or operator token required: Authorization: Bearer <METRICS_TOKEN>',
    );
  }
}

/**
 * Authorizes every request by the access its **matched route** declares (`request.routeOptions.config`),
 * never by the URL text, so percent-encoding, absolute-form targets or dot segments cannot change the
 * decision. A matched route without a declaration is refused, and `onReady` refuses to start an app that
 * has one. Failed authentications are limited per client address before any database work; a tenant
 * key this process has already verified is not held up by its address's block.
 */
export function registerAuth(
  app: FastifyInstance,
  tenants: TenantService,
  options: { operators: OperatorCredentials; limiter: RateLimiter; failedAuth: FailedAuthLimiter },
): void {
  const { limiter, operators, failedAuth } = options;
  const routes: RouteOptions[] = [];
  app.decorateRequest('auth', null as unknown as AuthContext);
  // checked when ready: a plugin's own onRoute hook may set `access` after this one has run
  app.addHook('onRoute', (route: RouteOptions) => void routes.push(route));
  app.addHook('onReady', async () => {
    const undeclared = routes.filter((route) => route.config?.access === undefined);
    if (undeclared.length > 0) {
      const names = undeclared.map((route) => `${String(route.method)} ${route.url}`);
      throw new Error(`routes without config.access (refused): ${names.join(', ')}`);
    }
  });
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (request.is404) return; // no route: the not-found handler answers
    const access = request.routeOptions.config.access;
    switch (access) {
      case 'public':
        return;
      case 'operator':
      case 'monitoring':
        return failedAuth.guard(request.ip, reply, () =>
          operators.check(access, request.headers.authorization),
        );
      case 'tenant': {
        // a key that verified recently passes even while its address is blocked (a shared NAT)
        const authorization = request.headers.authorization;
        request.auth =
          tenants.authenticateLocal(authorization) ??
          (await failedAuth.guard(
            request.ip,
            reply,
            () => tenants.authenticate(authorization),
            tenants.verifiedRecently(authorization),
          ));
        const waitSeconds = await limiter.take(request.auth.tenantId);
        if (waitSeconds > 0) {
          void reply.header('retry-after', String(waitSeconds));
          throw new RateLimitedError(waitSeconds);
        }
        return;
      }
      case undefined:
        throw new UndeclaredAccessError(request.routeOptions.url ?? request.url);
    }
  });
}

function matches(authorization: string | undefined, expected: Buffer | undefined): boolean {
  const token = bearerKey(authorization);
  return expected !== undefined && token !== undefined && timingSafeEqual(sha256(token), expected);
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
