/** A CDN answer that refused a purge; 429 and 5xx are worth retrying. */
export class PurgeRejectedError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`CDN purge answered ${status}`);
    this.name = 'PurgeRejectedError';
  }

  /** Whether the same request may succeed later. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/**
 * A CDN's purge API: path invalidations in batches (CloudFront style) and tag / surrogate-key purges
 * (Fastly, Cloudflare style). Implementations throw `PurgeRejectedError` for HTTP refusals.
 */
export interface PurgeProvider {
  readonly maxPathsPerRequest: number;
  readonly maxTagsPerRequest: number;
  purgePaths(paths: readonly string[]): Promise<void>;
  purgeTags(tags: readonly string[]): Promise<void>;
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Options of the default provider. */
export interface HttpPurgeProviderOptions {
  /** Endpoint receiving `POST {"paths": [...]}` or `POST {"tags": [...]}` as JSON. */
  readonly url: string;
  /** e.g. an authorization header for the purge endpoint. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly maxPathsPerRequest?: number;
  readonly maxTagsPerRequest?: number;
}

/** Default provider: POSTs JSON batches to one configured URL (a CDN API or a purge relay). */
export class HttpPurgeProvider implements PurgeProvider {
  readonly maxPathsPerRequest: number;
  readonly maxTagsPerRequest: number;

  constructor(private readonly options: HttpPurgeProviderOptions) {
    this.maxPathsPerRequest = options.maxPathsPerRequest ?? 3000;
    this.maxTagsPerRequest = options.maxTagsPerRequest ?? 256;
  }

  purgePaths(paths: readonly string[]): Promise<void> {
    return this.#post({ paths });
  }

  purgeTags(tags: readonly string[]): Promise<void> {
    return this.#post({ tags });
  }

  async #post(body: Record<string, readonly string[]>): Promise<void> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    if (!response.ok)
      throw new PurgeRejectedError(response.status, retryAfterMs(response.headers.get('retry-after')));
  }
}
