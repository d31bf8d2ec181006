import { AppError } from '../shared/app-error.ts';

/** Seconds a client is told to wait (`Retry-After`) when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** The database did not answer (down, restarting, unreachable): 503, worth retrying shortly. */
export class DatabaseUnavailableError extends AppError {
  readonly retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;

  constructor(options?: { cause?: unknown }) {
    super('DATABASE_UNAVAILABLE', 503, 'The database is unavailable; retry shortly', options);
  }
}

// Socket errors of a connection that could not be made or was lost.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// SQLSTATE: class 08 (connection exception); 57P01-03 (server shutting down, crashed, not yet accepting);
// 53300 (too many connections: the server, or the role's limit, is full until others leave).
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
// node-postgres and its pool say these without a code.
const LOST_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * Whether `error` (or an error it wraps, as `cause` or inside an AggregateError) says the database could not be
 * reached or went away, rather than that the query itself was wrong.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SHUTDOWN_STATES.has(code) || /^08/.test(code)))
    return true;
  if (LOST_MESSAGES.test(error.message)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseUnavailable(e, depth + 1)))
    return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}
