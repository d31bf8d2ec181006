import { AppError } from '../shared/app-error.ts';

/** The embedded PostgreSQL could not be prepared or started; the message says why (its own output included). */
export class EmbeddedPostgresError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EMBEDDED_POSTGRES_FAILED', 500, message, options);
  }
}
