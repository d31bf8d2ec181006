import { randomUUID } from 'node:crypto';
import { LogController, type FastifyServerOptions } from 'fastify';

/** Fastify logger options: pino JSON logs with a request id (taken from `x-request-id` when sent). */
export function loggerOptions(
  level: string,
  logRequests: boolean,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'logController'> {
  return {
    logger: { level, redact: ['req.headers.authorization'] },
    logController: new LogController({ disableRequestLogging: !logRequests }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  };
}
