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
