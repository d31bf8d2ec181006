import { AppError } from '../shared/app-error.ts';

/** The embedded PostgreSQL could not be prepared or started; the message says why (its own output included). */
export class EmbeddedPostgresError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EMBEDDED_POSTGRES_FAILED', 500, message, options);
  }
}

/** A tenant move cannot start or did not complete; the tenant stays on its shard. */
export class TenantMoveError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TENANT_MOVE_FAILED', 409, message, options);
  }
}

/** SQLSTATE the capture trigger raises for a write of a tenant that is fenced or already moved away. */
export const TENANT_MOVING_SQLSTATE = 'CAM01';

/** True when `error` (or one of its causes) is a write refused because its tenant is moving shards. */
export function isTenantMovingError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === TENANT_MOVING_SQLSTATE) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
