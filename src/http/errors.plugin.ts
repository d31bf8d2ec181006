import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../shared/app-error.ts';

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
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      // a 429 tells when to come back (rate limits and quotas carry the seconds)
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
