import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';

/** A request id sent by the caller is kept (and logged) instead of a new one. */
const REQUEST_ID_HEADER = 'x-request-id';
const processTag = randomBytes(4).toString('hex');
let requestCount = 0;

/** Request ids unique across processes: a random tag per process and a counter (no UUID per request). */
function nextRequestId(): string {
  return `${processTag}-${(++requestCount).toString(36)}`;
}

/**
 * Writes the two access-log lines Fastify writes (`incoming request`, `request completed`, same fields and
 * request id rule) for a request answered before Fastify's lifecycle.
 */
export function logAnsweredRequest(
  logger: FastifyBaseLogger,
  req: IncomingMessage,
  statusCode: number,
  responseTimeMs: number,
): void {
  const reqId = (req.headers[REQUEST_ID_HEADER] as string | undefined) || nextRequestId();
  // what Fastify's `req` serializer reads from a Fastify request
  const request = {
    method: req.method,
    url: req.url,
    headers: { 'accept-version': req.headers['accept-version'] },
    host: req.headers.host,
    ip: req.socket.remoteAddress,
    socket: req.socket,
  };
  logger.info({ reqId, req: request }, 'incoming request');
  logger.info({ reqId, res: { statusCode }, responseTime: responseTimeMs }, 'request completed');
}

/** Fastify logger options: pino JSON logs with a request id (taken from `x-request-id` when sent). */
export function loggerOptions(
  level: string,
  logRequests: boolean,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'logController'> {
  return {
    logger: { level, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    logController: new LogController({ disableRequestLogging: !logRequests }),
    requestIdHeader: REQUEST_ID_HEADER,
    genReqId: nextRequestId,
  };
}
