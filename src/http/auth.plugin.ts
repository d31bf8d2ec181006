import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { bearerKey, type AuthContext, type TenantService } from '../tenants/index.ts';
import { SessionRequiredError, type LiveSession, type SessionService } from '../users/index.ts';
import { AppError } from '../shared/app-error.ts';
import { isRole, roleAllows, type Role } from '../shared/roles.ts';
import {
  CsrfTokenError,
  RateLimitedError,
  RoleForbiddenError,
  UndeclaredAccessError,
} from './http.errors.ts';
import type { RateLimiter } from '../rate-limit/index.ts';
import type { FailedAuthLimiter } from './failed-auth.limiter.ts';
import { sessionToken } from './session-cookie.ts';

/**
 * Who may call a route, declared by every route in `config.access`:
 * - `public`: anyone (health, docs, the shared material catalog, sign-in);
 * - `tenant`: a tenant API key or a signed-in user's session cookie, whose role must be at least the
 *   route's `config.role`; the tenant comes from the key or the user, and the tenant rate limit applies;
 * - `operator`: the operator token (`ADMIN_TOKEN`);
 * - `monitoring`: the operator token or the metrics token (`METRICS_TOKEN`), for Prometheus.
 */
export type Access = 'public' | 'tenant' | 'operator' | 'monitoring';

/** A tenant route's caller: an API key, or a user signed in with a session cookie. */
export type Caller =
  | (AuthContext & { kind: 'key' })
  | { kind: 'user'; tenantId: string; tenantName: string; role: Role; session: LiveSession };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; a route without it is refused. */
    access?: Access;
    /** On a `tenant` route, the least role that may call it (required: a tenant route without it is refused). */
    role?: Role;
  }
  interface FastifyRequest {
    /** The authenticated caller; set on every `tenant` route. */
    auth: Caller;
  }
}

/** Methods that change nothing: a cookie-authenticated request of any other method needs the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
 * decision. A matched route without a declaration (or a tenant route without a role) is refused, and
 * `onReady` refuses to start an app that has one. Tenant routes take an API key (`Authorization`, which wins
 * when both are sent) or the session cookie; a cookie-authenticated write must carry the session's CSRF
 * token in `x-csrf-token` (synchronizer token: a cross-site page can send the cookie but cannot read the
 * token). Failed authentications are limited per client address before any database work; a tenant key
 * this process has already verified is not held up by its address's block.
 */
export function registerAuth(
  app: FastifyInstance,
  credentials: { tenants: TenantService; sessions: SessionService },
  options: { operators: OperatorCredentials; limiter: RateLimiter; failedAuth: FailedAuthLimiter },
): void {
  const { limiter, operators } = options;
  const authenticate = tenantCaller(credentials, options.failedAuth);
  const routes: RouteOptions[] = [];
  app.decorateRequest<Caller | null>('auth', null);
  // checked when ready: a plugin's own onRoute hook may set `access` after this one has run
  app.addHook('onRoute', (route: RouteOptions) => void routes.push(route));
  app.addHook('onReady', async () => {
    const names = (list: RouteOptions[]) =>
      list.map((route) => `${String(route.method)} ${route.url}`).join(', ');
    const undeclared = routes.filter((route) => route.config?.access === undefined);
    if (undeclared.length > 0)
      throw new Error(`routes without config.access (refused): ${names(undeclared)}`);
    const roleless = routes.filter(
      (route) => route.config?.access === 'tenant' && !isRole(route.config.role),
    );
    if (roleless.length > 0)
      throw new Error(`tenant routes without config.role (refused): ${names(roleless)}`);
  });
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (request.is404) return; // no route: the not-found handler answers
    const { access, role } = request.routeOptions.config;
    switch (access) {
      case 'public':
        return;
      case 'operator':
      case 'monitoring':
        return options.failedAuth.guard(request.ip, reply, () =>
          operators.check(access, request.headers.authorization),
        );
      case 'tenant': {
        if (!isRole(role)) throw new UndeclaredAccessError(request.routeOptions.url ?? request.url);
        const caller = (request.auth = await authenticate(request, reply));
        if (!roleAllows(caller.role, role))
          throw new RoleForbiddenError(
            role,
            caller.role,
            caller.kind === 'key' ? 'this API key' : caller.session.email,
          );
        if (caller.kind === 'user' && !SAFE_METHODS.has(request.method)) {
          const presented = request.headers['x-csrf-token'];
          if (
            !credentials.sessions.csrfMatches(
              caller.session,
              typeof presented === 'string' ? presented : undefined,
            )
          )
            throw new CsrfTokenError();
        }
        const waitSeconds = await limiter.take(caller.tenantId);
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

/** How a tenant route's caller is authenticated: the API key when one is sent, else the session cookie. */
function tenantCaller(
  { tenants, sessions }: { tenants: TenantService; sessions: SessionService },
  failedAuth: FailedAuthLimiter,
): (request: FastifyRequest, reply: FastifyReply) => Promise<Caller> {
  return async (request, reply) => {
    const authorization = request.headers.authorization;
    const token = authorization === undefined ? sessionToken(request) : undefined;
    if (token !== undefined) {
      const session = await signedIn(sessions, failedAuth, request, reply, token);
      const { tenantId, tenantName, role } = session;
      return { kind: 'user', tenantId, tenantName, role, session };
    }
    // a key that verified recently passes even while its address is blocked (a shared NAT)
    const key =
      tenants.authenticateLocal(authorization) ??
      (await failedAuth.guard(
        request.ip,
        reply,
        () => tenants.authenticate(authorization),
        tenants.verifiedRecently(authorization),
      ));
    // a lookup cached before keys had roles: every key then acted as owner
    return { ...key, kind: 'key', role: isRole(key.role) ? key.role : 'owner' };
  };
}

/**
 * The live session of a cookie token, or SessionRequiredError (401). A token never heard of counts as a
 * failed authentication of the address; one this process already found ended costs neither a query nor a count.
 */
export async function signedIn(
  sessions: SessionService,
  failedAuth: FailedAuthLimiter,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): Promise<LiveSession> {
  const ended = () =>
    new SessionRequiredError('the session has ended (signed out, expired or disabled): sign in again');
  if (sessions.knownEnded(token)) throw ended();
  return failedAuth.guard(request.ip, reply, async () => {
    const session = await sessions.authenticate(token);
    if (session === undefined) throw ended();
    return session;
  });
}

function matches(authorization: string | undefined, expected: Buffer | undefined): boolean {
  const token = bearerKey(authorization);
  return expected !== undefined && token !== undefined && timingSafeEqual(sha256(token), expected);
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
