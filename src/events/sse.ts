import type { DomainEvent, EventBus } from './event-bus.ts';

/** Anything SSE can be written to: a Node `ServerResponse` (Fastify: `reply.raw`) or a test stream. */
export interface SseSink {
  write(chunk: string): boolean;
  readonly writableLength: number;
  end(): void;
  destroyed?: boolean;
  on(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/** Response headers of an SSE stream (no proxy buffering, never cached). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** One SSE frame for an event: `id`, `event` (the type) and the whole event as one `data` line. */
export function formatSse(event: DomainEvent): string {
  // JSON.stringify escapes newlines, so the payload is always a single data line
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A comment frame: keeps proxies and load balancers from closing an idle stream. */
export function formatSseHeartbeat(text = 'ping'): string {
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}

/** Options of `streamTenantEvents`. */
export interface StreamOptions {
  readonly heartbeatMs?: number;
  /** Reconnection delay suggested to the client. */
  readonly retryMs?: number;
  /** A client whose unsent backlog exceeds this is disconnected (it reconnects) instead of buffering. */
  readonly maxBufferedBytes?: number;
}

/**
 * Streams the live events of one tenant to `sink` until the client goes away; headers must already be
 * sent. Returns the function that stops the stream (e.g. on server shutdown).
 */
export function streamTenantEvents(
  sink: SseSink,
  bus: EventBus,
  tenantId: string,
  options: StreamOptions = {},
): () => void {
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(heartbeat);
    unsubscribe();
    sink.off('close', stop);
    if (!sink.destroyed) sink.end();
  };
  const send = (chunk: string): void => {
    if (stopped) return;
    sink.write(chunk);
    if (sink.writableLength > maxBuffered) stop();
  };
  sink.write(`retry: ${options.retryMs ?? 3000}\n\n`);
  const unsubscribe = bus.subscribe(tenantId, (event) => send(formatSse(event)));
  const heartbeat = setInterval(() => send(formatSseHeartbeat()), options.heartbeatMs ?? 15_000);
  sink.on('close', stop);
  return stop;
}
