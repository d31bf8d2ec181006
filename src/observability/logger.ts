import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';

/** Fastify logger options: pino JSON logs with a request id (taken from `x-request-id` when sent). */
export function loggerOptions(level: string): Pick<FastifyServerOptions, 'logger' | 'genReqId' | 'requestIdHeader'> {
  return {
    logger: { level, redact: ['req.headers.authorization'] },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  };
}
