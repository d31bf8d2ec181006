import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PreviewBusyError } from '../analysis/index.ts';
import { ifNoneMatchHits, type AppCache, type CacheKey, type Tagged } from '../cache/index.ts';
import { CACHE_CONTROL } from './cache-headers.ts';
import { clientGoneSignal } from './client-gone.ts';
import { EncodedBodies } from './encoded-bodies.ts';

const gunzipAsync = promisify(gunzip);
/** Preview bodies as sent (gzipped or not), by the representation's ETag: a repeat preview decodes nothing. */
const previewBodies = new EncodedBodies(32 * 1024 * 1024);

/**
 * Serves an SVG preview (or another rendering of a drawing, of `contentType`, such as the plan geometry's
 * JSON) through the cache, so a repeat request costs no worker run. `render` gives it gzipped (compressed in
 * the worker thread), and it is stored so (base64): path data shrinks about tenfold, so even a large preview
 * fits the in-process cache's per-entry byte limit, and a client accepting gzip gets the stored bytes as they are. A matching
 * `If-None-Match` gets 304 before any rendering; a client that disconnects aborts its render.
 */
export async function replyPreview(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: AppCache,
  key: CacheKey,
  render: (signal: AbortSignal) => Promise<Uint8Array>,
  contentType = 'image/svg+xml; charset=utf-8',
): Promise<FastifyReply> {
  void reply.headers({
    'cache-control': CACHE_CONTROL.private,
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    vary: 'accept-encoding',
  });
  const gzipped = acceptsGzip(request.headers['accept-encoding']);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const current = await cache.peekEtag(key);
    const etag = current === undefined ? undefined : variantEtag(current, gzipped);
    if (etag !== undefined && ifNoneMatchHits(ifNoneMatch, etag)) {
      return reply.header('etag', etag).status(304).send();
    }
  }
  const stored = await renderCached(reply, cache, key, render);
  const etag = variantEtag(stored.etag, gzipped);
  void reply.header('etag', etag);
  if (ifNoneMatchHits(ifNoneMatch, etag)) return reply.status(304).send();
  const body = await previewBodies.remembered(etag, async () => {
    const gzippedBytes = Buffer.from(stored.value, 'base64');
    return gzipped ? gzippedBytes : gunzipAsync(gzippedBytes);
  });
  void reply.type(contentType);
  return gzipped ? reply.header('content-encoding', 'gzip').send(body) : reply.send(body);
}

async function renderCached(
  reply: FastifyReply,
  cache: AppCache,
  key: CacheKey,
  render: (signal: AbortSignal) => Promise<Uint8Array>,
): Promise<Tagged<string>> {
  const signal = clientGoneSignal(reply);
  try {
    return await cache.getOrSetWithEtag(key, async () =>
      Buffer.from(await render(signal)).toString('base64'),
    );
  } catch (error) {
    if (error instanceof PreviewBusyError) void reply.header('retry-after', String(error.retryAfterSeconds));
    throw error;
  }
}

/** Whether `Accept-Encoding` allows gzip (named or `*`, with a q-value above 0). */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((entry) => {
    const [coding = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** A strong ETag names one representation: the gzipped bytes get their own tag. */
function variantEtag(etag: string, gzipped: boolean): string {
  return gzipped ? `${etag.slice(0, -1)}-gzip"` : etag;
}
