import { createHash } from 'node:crypto';

/** Strong ETag of a serialized value: sha1 of its canonical JSON, quoted. */
export function etagOf(canonical: string): string {
  return `"${createHash('sha1').update(canonical).digest('base64url')}"`;
}

function opaque(tag: string): string {
  const trimmed = tag.trim();
  return trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed;
}

/**
 * Whether an `If-None-Match` header matches an ETag (RFC 9110 §13.1.2: weak comparison, `*` matches any),
 * i.e. whether the answer is 304.
 */
export function ifNoneMatchHits(header: string | readonly string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const value = typeof header === 'string' ? header : header.join(',');
  if (value.trim() === '*') return true;
  const wanted = opaque(etag);
  return value.split(',').some((candidate) => opaque(candidate) === wanted);
}
