import { randomBytes } from 'node:crypto';
import { LogController, type FastifyServerOptions } from 'fastify';

/** Request ids unique across processes: a random tag per process and a counter (no UUID per request). */
function requestIds(): () => string {
  const tag = randomBytes(4).toString('hex');
  let next = 0;
  return () => `${tag}-${(++next).toString(36)}`;
}

/** Fastify logger options: pino JSON logs with a request id (taken from `x-request-id` when sent). */
export function loggerOptions(
  level: string,
  logRequests: boolean,
): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader' | 'logController'> {
  return {
    logger: { level, redact: ['req.headers.authorization'] },
    logController: new LogController({ disableRequestLogging: !logRequests }),
    requestIdHeader: 'x-request-id',
    genReqId: requestIds(),
  };
}
