import { AppError } from '../shared/app-error.ts';

/** A cache or data key was built from an invalid tenant id or part (a programming error, never user input). */
export class CacheKeyError extends AppError {
  constructor(message: string) {
    super('CACHE_KEY_INVALID', 500, message);
  }
}

/** A loader ran past its hard timeout and no stale value could be served. */
export class CacheLoaderTimeoutError extends AppError {
  constructor(key: string, options?: { cause?: unknown }) {
    super('CACHE_LOADER_TIMEOUT', 503, 'The data source did not answer in time', {
      ...options,
      details: { key },
    });
  }
}

/** Redis could not be reached for an operation that has no fallback (batch counters, data keys). */
export class CacheUnavailableError extends AppError {
  constructor(operation: string, options?: { cause?: unknown }) {
    super('CACHE_UNAVAILABLE', 503, `Redis is unavailable (${operation})`, options);
  }
}
