import type { FastifyError, FastifyInstance } from 'fastify';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../db/index.ts';
import { AppError } from '../shared/app-error.ts';
import { isTenantMovingError } from '../db/index.ts';
import { isLimitRefusal, RefusalPacing } from './refusal-pacing.ts';

/** The one error shape of every 4xx/5xx answer. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  [detail: string]: unknown;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

/** Builds the error body for a status and code. */
export function errorBody(
  statusCode: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): ErrorBody {
  return { ...details, statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message };
}

/** Maps domain errors, validation errors and framework errors to the error shape; 5xx details only go to the log. */
export function registerErrorHandling(app: FastifyInstance): void {
  const pacing = new RefusalPacing();
  // Ajv's coercion turns a query or path number past 1e308 (`?limit=1e400`) into Infinity and lets it pass
  // `maximum`; no route takes one, and SQL would refuse it with a 500.
  app.addHook('preHandler', async (request) => {
    for (const [part, values] of [
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      for (const [name, value] of Object.entries((values ?? {}) as Record<string, unknown>)) {
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw new AppError('VALIDATION_ERROR', 400, `${part}/${name} must be a finite number`);
        }
      }
    }
  });
  app.setErrorHandler(async (thrown: FastifyError | AppError | Error, request, reply) => {
    // A lost or refused database connection is an outage to wait out, not a failed request: 503 + Retry-After.
    const error =
      !(thrown instanceof AppError) && isDatabaseUnavailable(thrown)
        ? new DatabaseUnavailableError({ cause: thrown })
        : thrown;
    if (error instanceof DatabaseUnavailableError) request.log.warn({ err: thrown }, 'database unavailable');
    if (request.auth && isLimitRefusal(error)) await pacing.pace(request.auth.tenantId);
    if (error instanceof AppError) {
      // a 429 or 503 tells when to come back (rate limits, quotas and outages carry the seconds)
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      return reply
        .status(error.statusCode)
        .send(errorBody(error.statusCode, error.code, error.message, error.details));
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      return reply.status(400).send(errorBody(400, 'VALIDATION_ERROR', fastifyError.message));
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = fastifyError.code?.replace(/^FST_(ERR_)?/, '') ?? 'BAD_REQUEST';
      return reply.status(status).send(errorBody(status, code, fastifyError.message));
    }
    if (isTenantMovingError(error)) {
      // the tenant's writes are fenced for a shard move (under 2 s), or it has just moved: try again
      void reply.header('retry-after', '1');
      return reply
        .status(503)
        .send(errorBody(503, 'TENANT_MOVING', 'Your data is moving to another shard; retry in a second.'));
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send(errorBody(500, 'INTERNAL_ERROR', 'An internal error occurred; it has been logged.'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send(
        errorBody(404, 'ROUTE_NOT_FOUND', `Route ${request.method} ${request.url.split('?')[0]} not found`),
      ),
  );
}
