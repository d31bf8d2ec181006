import type { FastifyReply } from 'fastify';
import { AnalysisCancelledError } from '../analysis/index.ts';

/**
 * A signal aborted when the client disconnects before its response was sent. The response's 'close' is the
 * reliable sign (the request's 'close' fires as soon as its body has been read).
 */
export function clientGoneSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const res = reply.raw;
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new AnalysisCancelledError());
  });
  return controller.signal;
}
