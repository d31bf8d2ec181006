import { AppError, NotFoundError } from '../shared/app-error.ts';

/** Missing, malformed, unknown or revoked credentials. */
export class UnauthorizedError extends AppError {
  constructor(message = 'A valid API key is required: Authorization: Bearer <key>') {
    super('UNAUTHORIZED', 401, message);
  }
}

/** A tenant or API key that does not exist (or belongs to someone else). */
export class TenantNotFoundError extends NotFoundError {
  constructor(what = 'tenant') {
    super('NOT_FOUND', `${what} not found`);
  }
}
