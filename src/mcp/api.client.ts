import type { McpConfig } from '../config.ts';
import { ApiRequestError } from './mcp.errors.ts';

/** A downloaded body (an export) with what the server said about it. */
export interface Download {
  bytes: Buffer;
  contentType: string;
  filename: string | undefined;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | undefined>;

/**
 * A client of the platform's public HTTP API, authenticated as one tenant by its API key. Every answer that
 * is not 2xx becomes an {@link ApiRequestError} carrying the API's status, code and message.
 */
export class ApiClient {
  readonly #base: URL;
  readonly #authorization: string;
  readonly #timeoutMs: number;

  constructor(config: Pick<McpConfig, 'apiUrl' | 'apiKey' | 'requestTimeoutMs'>) {
    this.#base = new URL(config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/`);
    this.#authorization = `Bearer ${config.apiKey}`;
    this.#timeoutMs = config.requestTimeoutMs;
  }

  /** Sends a JSON request (`body` as JSON when given) and returns the parsed JSON answer (undefined for 204). */
  async json<T>(method: Method, path: string, options: { body?: unknown; query?: Query } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await this.#send(method, path, options.query, headers, body);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** Uploads one file as multipart field `file` to `path` and returns the parsed JSON answer. */
  async upload<T>(path: string, filename: string, bytes: Uint8Array<ArrayBuffer>): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([bytes]), filename);
    const response = await this.#send('POST', path, undefined, { accept: 'application/json' }, form);
    return (await response.json()) as T;
  }

  /** GETs a binary or text body (e.g. an XLSX export). */
  async download(path: string, query?: Query): Promise<Download> {
    const response = await this.#send('GET', path, query, {}, undefined);
    const disposition = response.headers.get('content-disposition') ?? '';
    return {
      bytes: Buffer.from(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      filename: /filename="([^"]+)"/.exec(disposition)?.[1],
    };
  }

  async #send(
    method: Method,
    path: string,
    query: Query | undefined,
    headers: Record<string, string>,
    body: string | FormData | undefined,
  ): Promise<Response> {
    const url = new URL(path.replace(/^\//, ''), this.#base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const request = `${method} ${url.pathname}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { ...headers, authorization: this.#authorization },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? (describeCause(error) ?? error.message) : String(error);
      throw new ApiRequestError(request, 0, 'API_UNREACHABLE', `cannot reach ${url.origin}: ${reason}`, {
        cause: error,
      });
    }
    if (response.ok) return response;
    throw await errorOf(request, response);
  }
}

/** The API's error body (`{statusCode, code, error, message}`) as an error, or the status text when it has none. */
async function errorOf(request: string, response: Response): Promise<ApiRequestError> {
  const text = await response.text().catch(() => '');
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's page): the status and the first characters name the problem
  }
  const code = typeof parsed.code === 'string' ? parsed.code : `HTTP_${response.status}`;
  const message =
    typeof parsed.message === 'string'
      ? parsed.message
      : `${response.statusText || 'error'}${text ? `: ${text.slice(0, 200)}` : ''}`;
  const { statusCode: _s, code: _c, error: _e, message: _m, ...details } = parsed;
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null) details.retry_after_seconds = Number(retryAfter);
  return new ApiRequestError(request, response.status, code, message, { details });
}

function describeCause(error: Error): string | undefined {
  if (error.name === 'TimeoutError') return 'no answer in time (CONSTRUCTION_AI_TIMEOUT_MS)';
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message;
}
