/** Default number of attempts (the first one included) before an action is dead. */
export const DEFAULT_MAX_ATTEMPTS = 8;
/** First backoff ceiling; doubles per attempt. */
export const DEFAULT_BASE_DELAY_MS = 10_000;
/** No computed backoff and no honoured `Retry-After` waits longer than this. */
export const DEFAULT_MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/** What an action attempt reported, in the shape `deliverWebhook` returns (other actions can use it too). */
export interface AttemptOutcome {
  ok: boolean;
  /** The endpoint asked never to be called again (a webhook's 410 Gone). */
  endpointGone?: boolean;
  /** Server-requested wait, already parsed from `Retry-After`. */
  retryAfterMs?: number;
  /** Set when the attempt failed; `permanent` errors are never retried. */
  error?: { code: string; permanent: boolean };
}

/** How a failed outcome should be treated. */
export type FailureClass = 'retryable' | 'permanent' | 'disable_endpoint';

/** What the job runner should do after an attempt. */
export type RetryDecision =
  | { action: 'done' }
  | { action: 'retry'; delayMs: number }
  | { action: 'dead'; reason: 'permanent' | 'attempts_exhausted' }
  | { action: 'disable_endpoint' };

/** Tunables of {@link decideRetry}; `random` is injectable so tests are deterministic. */
export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/** Classifies a failed outcome; failures are retryable unless flagged permanent (4xx, SSRF, bad URL). */
export function classifyFailure(outcome: AttemptOutcome): FailureClass {
  if (outcome.endpointGone === true) return 'disable_endpoint';
  return outcome.error?.permanent === true ? 'permanent' : 'retryable';
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base·2^(attempt-1))].
 * `attempt` counts from 1 (the attempt that just failed).
 */
export function backoffDelayMs(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * Decides the next step after attempt number `attempt` (1-based): done, retry after a delay (the larger of
 * the jittered backoff and the server's `Retry-After`, capped), dead, or disable the endpoint.
 */
export function decideRetry(
  attempt: number,
  outcome: AttemptOutcome,
  options: RetryOptions = {},
): RetryDecision {
  if (outcome.ok) return { action: 'done' };
  const failure = classifyFailure(outcome);
  if (failure === 'disable_endpoint') return { action: 'disable_endpoint' };
  if (failure === 'permanent') return { action: 'dead', reason: 'permanent' };
  if (attempt >= (options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS))
    return { action: 'dead', reason: 'attempts_exhausted' };
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const delayMs = Math.min(max, Math.max(backoffDelayMs(attempt, options), outcome.retryAfterMs ?? 0));
  return { action: 'retry', delayMs };
}
