/** What a receiver's HTTP status says about the delivery: worth retrying, never worth retrying, or gone for good. */
export type StatusVerdict = 'retryable' | 'permanent' | 'gone';

/**
 * Classifies an HTTP status: 408, 425, 429 and 5xx are worth retrying; 410 Gone asks us to stop calling
 * the endpoint; any other 4xx (and a 3xx, since redirects are not followed) will not change on retry.
 */
export function classifyHttpStatus(status: number): StatusVerdict {
  if (status === 410) return 'gone';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retryable';
  return 'permanent';
}

/**
 * Parses a `Retry-After` header (delta-seconds or HTTP-date) into milliseconds from `now`;
 * `undefined` when absent or malformed, 0 for a date already past.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP-date always names a month; this keeps Date.parse from reading junk such as "1.5" as a date.
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
