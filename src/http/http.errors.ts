import { AppError } from '../shared/app-error.ts';

/** Too many requests for this tenant; `Retry-After` tells when to come back. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, `rate limit exceeded; retry after ${retryAfterSeconds} s`);
  }
}

/** A matched route that declares no `config.access`: refused, never served by default. */
export class UndeclaredAccessError extends AppError {
  constructor(route: string) {
    super('ACCESS_UNDECLARED', 403, `route ${route} declares no access; refused`);
  }
}

/** Too many failed authentications from one client address. */
export class TooManyFailedAuthError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'TOO_MANY_FAILED_AUTH',
      429,
      `too many requests with invalid credentials from this address; retry after ${retryAfterSeconds} s`,
    );
  }
}

/** The tenant already has as many heavy requests running in this process as it may. */
export class TenantBusyError extends AppError {
  readonly retryAfterSeconds = 1;
  constructor(limit: number) {
    super(
      'TENANT_BUSY',
      429,
      `at most ${limit} requests of this kind run at once per tenant; retry after 1 s`,
    );
  }
}

/** Too many wrong passwords for one account. */
export class TooManyFailedLoginsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'TOO_MANY_FAILED_LOGINS',
      429,
      `too many wrong passwords for this account; retry after ${retryAfterSeconds} s`,
    );
  }
}

/** The caller's role does not allow what the route does. */
export class RoleForbiddenError extends AppError {
  constructor(needs: string, has: string, who: string) {
    super('ROLE_FORBIDDEN', 403, `this route needs role ${needs} or above; ${who} has role ${has}`);
  }
}

/** A write authenticated by the session cookie without the session's CSRF token. */
export class CsrfTokenError extends AppError {
  constructor() {
    super(
      'CSRF_TOKEN_INVALID',
      403,
      'a write signed in by cookie needs header x-csrf-token with the csrfToken of POST /api/auth/login or GET /api/auth/session',
    );
  }
}
