import { performance } from 'node:perf_hooks';

import { errors as undiciErrors, request, type Dispatcher } from 'undici';

import { classifyHttpStatus, parseRetryAfter } from './webhook.outcome.ts';
import { webhookHeaders } from './webhook.signer.ts';

/** Webhook calls give up after this long (connect, headers and body together). */
export const WEBHOOK_TIMEOUT_MS = 15_000;
/** Bytes of the receiver's response body kept for the run history. */
export const RESPONSE_BODY_LIMIT = 4096;

/** One signed POST to a tenant's endpoint. */
export interface WebhookDelivery {
  url: string;
  /** Serialised once with JSON.stringify; the signature covers exactly the bytes sent. */
  payload: unknown;
  /** Current secret first, then the previous one during a rotation. */
  secrets: readonly string[];
  /** Stable per message (the action's idempotency key), so receivers can deduplicate retries. */
  msgId: string;
  timestamp?: Date;
  timeoutMs?: number;
  /** The guarded agent (`createGuardedAgent`); never the global dispatcher. */
  dispatcher: Dispatcher;
}

/** Why a delivery did not succeed; `permanent` failures are not worth retrying. */
export interface DeliveryError {
  code:
    | 'INVALID_URL'
    | 'WEBHOOK_ADDRESS_BLOCKED'
    | 'REDIRECT_NOT_FOLLOWED'
    | 'HTTP_STATUS'
    | 'TIMEOUT'
    | 'NETWORK_ERROR';
  message: string;
  permanent: boolean;
}

/** What one attempt produced; it is also an `AttemptOutcome` for the retry policy. */
export interface WebhookDeliveryResult {
  /** HTTP status, or `null` when no response arrived. */
  status: number | null;
  ok: boolean;
  /** The receiver answered 410 Gone: it asks never to be called again. */
  endpointGone?: true;
  retryAfterMs?: number;
  /** At most {@link RESPONSE_BODY_LIMIT} bytes of the response, decoded as UTF-8. */
  responseBody: string;
  durationMs: number;
  error?: DeliveryError;
}

/**
 * POSTs the payload as JSON, signed per Standard Webhooks, through the guarded dispatcher. Never throws:
 * every failure is a result. Redirects are not followed (a 3xx is a permanent failure); 2xx is success.
 */
export async function deliverWebhook(delivery: WebhookDelivery): Promise<WebhookDeliveryResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const urlProblem = checkUrl(delivery.url);
  if (urlProblem !== undefined) return failure(null, elapsed(), 'INVALID_URL', urlProblem, true);

  const body = JSON.stringify(delivery.payload);
  const timestamp = delivery.timestamp ?? new Date();
  const timeoutMs = delivery.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(delivery.url, {
      method: 'POST',
      dispatcher: delivery.dispatcher,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'construction-ai-webhooks/1',
        ...webhookHeaders(delivery.secrets, delivery.msgId, timestamp, body),
      },
      body,
    });
    const responseBody = await readLimited(response.body, RESPONSE_BODY_LIMIT);
    const status = response.statusCode;
    const result: WebhookDeliveryResult = {
      status,
      ok: status >= 200 && status < 300,
      responseBody,
      durationMs: elapsed(),
    };
    if (result.ok) return result;
    const retryAfterMs = parseRetryAfter(header(response.headers['retry-after']), new Date());
    if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
    const verdict = classifyHttpStatus(status);
    if (verdict === 'gone') result.endpointGone = true;
    result.error =
      status >= 300 && status < 400
        ? {
            code: 'REDIRECT_NOT_FOLLOWED',
            message: `receiver answered ${status} to ${header(response.headers.location) ?? '(no location)'}; redirects are not followed`,
            permanent: true,
          }
        : {
            code: 'HTTP_STATUS',
            message: `receiver answered ${status}`,
            permanent: verdict !== 'retryable',
          };
    return result;
  } catch (error) {
    return describeFailure(error, signal.aborted, timeoutMs, elapsed());
  }
}

function checkUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol} is not allowed`;
  if (url.username !== '' || url.password !== '') return 'URLs with credentials are not allowed';
  return undefined;
}

function describeFailure(
  error: unknown,
  aborted: boolean,
  timeoutMs: number,
  durationMs: number,
): WebhookDeliveryResult {
  const blocked = findCause(error, (e) => (e as { code?: unknown }).code === 'WEBHOOK_ADDRESS_BLOCKED');
  if (blocked !== undefined)
    return failure(null, durationMs, 'WEBHOOK_ADDRESS_BLOCKED', blocked.message, true);
  const timedOut =
    aborted ||
    error instanceof undiciErrors.ConnectTimeoutError ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError;
  if (timedOut)
    return failure(null, durationMs, 'TIMEOUT', `no complete response within ${timeoutMs} ms`, false);
  const message = error instanceof Error ? error.message : String(error);
  return failure(null, durationMs, 'NETWORK_ERROR', message, false);
}

function findCause(error: unknown, test: (e: Error) => boolean): Error | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (test(e)) return e;
  return undefined;
}

function failure(
  status: number | null,
  durationMs: number,
  code: DeliveryError['code'],
  message: string,
  permanent: boolean,
): WebhookDeliveryResult {
  return { status, ok: false, responseBody: '', durationMs, error: { code, message, permanent } };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readLimited(
  stream: AsyncIterable<Buffer> & { destroy(): void },
  limit: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    // Leaving the loop destroys the stream, so a huge or endless body is not read to its end.
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
