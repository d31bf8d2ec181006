import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { FastifyRequest, FastifyServerFactory } from 'fastify';
import { ifNoneMatchHits, type AppCache, type CacheKey } from '../cache/index.ts';
import type { AuthContext } from '../tenants/index.ts';
import type { CachedResponseHeaders } from './cache-headers.ts';
import type { RateLimiter } from '../rate-limit/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Repeat cached reads answered before Fastify's lifecycle. */
    hotReads: HotReads;
  }
}

/** What answering a repeat read needs from the rest of the application. */
export interface HotReadsPorts {
  readonly cache: AppCache;
  /** The caller's tenant when this process holds the key's verified lookup (`TenantService.authenticateLocal`). */
  authenticate(authorization: string | undefined): AuthContext | undefined;
  readonly limiter: RateLimiter;
  /** Records a request of `tenantId` answered here (metrics, access log, activity), as Fastify's hooks would have. */
  answered(
    req: IncomingMessage,
    route: string,
    statusCode: number,
    startedMs: number,
    tenantId: string,
  ): void;
}

/** Bounds of the memo. */
export interface HotReadsLimits {
  readonly maxEntries: number;
  /** Bytes of response bodies held (shared with the encoded-body memo, counted here again). */
  readonly maxBytes: number;
}

/** How Fastify answered a cached GET, ready to be written again. */
interface HotRead {
  readonly key: CacheKey;
  readonly route: string;
  readonly etag: string;
  readonly body: Buffer;
  readonly headers: OutgoingHttpHeaders;
  readonly notModifiedHeaders: OutgoingHttpHeaders;
}

/**
 * Answers repeat GETs of cached tenant data before Fastify's request lifecycle: routing, hooks, query
 * validation and the handler were over a third of the CPU of a cached read. When `replyCached` serves a
 * hit from this process's memory it remembers, under the exact URL Fastify validated and the tenant,
 * which cache key the URL reads and how the response was written. A later GET of that URL by that tenant
 * is answered here only if the API key is verified in this process's cache, the rate limit allows it, and
 * the cache still holds the same value (same ETag) in memory; otherwise it goes through Fastify as usual.
 * So every invalidation, revocation and expiry applies exactly as on the normal path, and the bytes sent
 * are the same.
 */
export class HotReads {
  /** URL → tenant id → how to answer. Insertion order of URLs is the eviction order. */
  readonly #byUrl = new Map<string, Map<string, HotRead>>();
  #entries = 0;
  #bytes = 0;

  constructor(
    private readonly ports: HotReadsPorts,
    private readonly limits: HotReadsLimits = { maxEntries: 10_000, maxBytes: 32 * 1024 * 1024 },
  ) {}

  /** Number of remembered responses. */
  get size(): number {
    return this.#entries;
  }

  /** Answers `req` when it is a remembered read that is still current; false leaves it to Fastify. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const tenants = this.#byUrl.get(req.url ?? '');
    if (tenants === undefined) return false;
    const started = performance.now();
    const auth = this.ports.authenticate(req.headers.authorization);
    if (auth === undefined) return false;
    const hot = tenants.get(auth.tenantId);
    if (hot === undefined || this.ports.cache.peekLocal(hot.key)?.etag !== hot.etag) return false;
    // Over the limit, or deciding needs Redis: Fastify decides again (429 with Retry-After when over).
    if (this.ports.limiter.takeNow(auth.tenantId) !== 0) return false;
    let status = 200;
    if (ifNoneMatchHits(req.headers['if-none-match'], hot.etag)) {
      status = 304;
      res.writeHead(status, hot.notModifiedHeaders).end();
    } else {
      res.writeHead(status, hot.headers).end(hot.body);
    }
    this.ports.answered(req, hot.route, status, started, auth.tenantId);
    return true;
  }

  /** Remembers how a GET of cached tenant data was answered (called on hits in this process's memory). */
  remember(
    request: FastifyRequest,
    key: CacheKey,
    etag: string,
    body: Buffer,
    headers: CachedResponseHeaders,
  ): void {
    const route = request.routeOptions.url;
    // only tenant routes every role may read: `serve` authorizes as the auth hook does for them (a tenant key)
    const { access, role } = request.routeOptions.config;
    const tenantRoute = access === 'tenant' && role === 'viewer';
    if (request.method !== 'GET' || !tenantRoute || !request.auth || route === undefined) return;
    let tenants = this.#byUrl.get(request.url);
    if (tenants === undefined) this.#byUrl.set(request.url, (tenants = new Map<string, HotRead>()));
    const previous = tenants.get(request.auth.tenantId);
    if (previous?.etag === etag) return;
    if (previous !== undefined) this.#forget(previous);
    tenants.set(request.auth.tenantId, {
      key,
      route,
      etag,
      body,
      headers: {
        ...headers,
        etag,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(body.length),
      },
      notModifiedHeaders: { ...headers, etag },
    });
    this.#entries++;
    this.#bytes += body.length;
    this.#evict();
  }

  #forget(hot: HotRead): void {
    this.#entries--;
    this.#bytes -= hot.body.length;
  }

  #evict(): void {
    for (const [url, tenants] of this.#byUrl) {
      if (this.#entries <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) return;
      for (const hot of tenants.values()) this.#forget(hot);
      this.#byUrl.delete(url);
    }
  }
}

/** The server options Fastify fills in before calling a `serverFactory`. */
interface FactoryOptions {
  http?: ServerOptions;
  keepAliveTimeout?: number;
  requestTimeout?: number;
  maxRequestsPerSocket?: number;
  connectionTimeout?: number;
}

/**
 * A Fastify `serverFactory`: the HTTP server Fastify would create, with `hotReads` answering first. A fault
 * in the hot path is reported and the request goes to Fastify: it must never take the server down.
 */
export function hotReadsFirst(hotReads: HotReads, report: (error: unknown) => void): FastifyServerFactory {
  return (handler, factoryOptions) => {
    const options = factoryOptions as FactoryOptions;
    const server = createServer(options.http ?? {}, (req, res) => {
      let answered = false;
      try {
        answered = hotReads.serve(req, res);
      } catch (error) {
        report(error);
      }
      if (!answered) handler(req, res);
    });
    // what Fastify sets on the servers it creates itself
    if (options.keepAliveTimeout) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout) server.requestTimeout = options.requestTimeout;
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    server.setTimeout(options.connectionTimeout ?? 0);
    return server;
  };
}
