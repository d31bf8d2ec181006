import type { FastifyReply, FastifyRequest } from 'fastify';
import { EncodedBodies } from './encoded-bodies.ts';
import { ifNoneMatchHits, type AppCache, type CacheKey } from '../cache/index.ts';

/**
 * Cache-Control per class of data. Tenant data is `private, no-cache` with an ETag: it changes on every
 * upload and analysis step, so a browser must revalidate each time, and revalidation is cheap because a
 * matching `If-None-Match` is answered 304 from the cached ETag without touching the database.
 * Shared data (catalog, locations) may sit in a CDN; static assets are content-hashed.
 */
export const CACHE_CONTROL = {
  private: 'private, no-cache',
  shared: 'public, max-age=300, stale-while-revalidate=86400',
  immutable: 'public, max-age=31536000, immutable',
} as const;

/** Bytes of the cached bodies most recently sent (at most 32 MiB). */
const encodedBodies = new EncodedBodies(32 * 1024 * 1024);

/** Headers a cached response carries besides its ETag and type (replayed as they are by `HotReads`). */
export type CachedResponseHeaders = {
  readonly 'cache-control': string;
  readonly 'surrogate-key'?: string;
};

/** Which Cache-Control a response gets. */
export type CacheClass = keyof typeof CACHE_CONTROL;

/**
 * Serves `key` through the cache with its strong ETag (computed once when the value was cached).
 * A matching `If-None-Match` gets 304 before any loader or database work. The JSON text is cached, so a
 * hit is sent without serializing again; a hit in this process's memory is answered without awaiting, and
 * remembered so that the next identical GET can be answered before Fastify's lifecycle (`HotReads`).
 */
export async function replyCached<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: AppCache,
  key: CacheKey,
  load: () => Promise<T>,
  options: { cacheClass: CacheClass; surrogateKeys?: string[] },
): Promise<FastifyReply> {
  const headers: CachedResponseHeaders = {
    'cache-control': CACHE_CONTROL[options.cacheClass],
    ...(options.surrogateKeys && { 'surrogate-key': options.surrogateKeys.join(' ') }),
  };
  void reply.headers(headers);
  const ifNoneMatch = request.headers['if-none-match'];
  const local = cache.peekLocal<string>(key);
  if (local !== undefined) {
    const body = encodedBodies.bytesOf(local.etag, local.value);
    request.server.hotReads.remember(request, key, local.etag, body, headers);
    return sendTagged(reply, local.etag, body, ifNoneMatch);
  }
  if (ifNoneMatch !== undefined) {
    const current = await cache.peekEtag(key);
    if (current !== undefined && ifNoneMatchHits(ifNoneMatch, current)) {
      return reply.header('etag', current).status(304).send();
    }
  }
  const { value, etag } = await cache.getOrSetWithEtag(key, async () => JSON.stringify(await load()));
  // a value that was not cached has no ETag and goes out as the string
  return sendTagged(
    reply,
    etag,
    etag === undefined ? value : encodedBodies.bytesOf(etag, value),
    ifNoneMatch,
  );
}

/** Sends cached JSON as is (Fastify does not serialize strings or buffers again), or 304 on a matching ETag. */
function sendTagged(
  reply: FastifyReply,
  etag: string | undefined,
  body: string | Buffer,
  ifNoneMatch: string | undefined,
): FastifyReply {
  if (etag !== undefined) {
    void reply.header('etag', etag);
    if (ifNoneMatchHits(ifNoneMatch, etag)) return reply.status(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(body);
}
