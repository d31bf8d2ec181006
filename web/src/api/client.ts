// The one way pages reach the API: same-origin fetch with the session cookie, the CSRF token on writes,
// and errors turned into sentences that name their cause.

/** An API answer that was not a success, with the server's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

/** Remembers the session's CSRF token; every cookie-authenticated write sends it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Headers a write needs besides its body's type. */
export function writeHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Turns a failed response into an ApiError that says what went wrong in words. */
export async function errorOf(response: Response): Promise<ApiError> {
  const retry = Number(response.headers.get('retry-after') ?? '') || undefined;
  let code = `HTTP_${response.status}`;
  let message = `the server answered ${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { code?: string; message?: string };
    if (body.code) code = body.code;
    if (body.message) message = body.message;
  } catch {
    // not JSON: keep the status line
  }
  if (response.status === 429 && retry) message += ` (try again in ${retry} s)`;
  return new ApiError(response.status, code, message, retry);
}

/** Calls the API and returns its JSON (undefined for 204). Throws ApiError, or a network error in words. */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, writeHeaders());
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'the server cannot be reached: check that it is running');
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Uploads one file (multipart field `file`), reporting the fraction sent; XHR, as fetch has no upload progress. */
export function uploadFile<T>(file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files/upload');
    for (const [name, value] of Object.entries(writeHeaders())) xhr.setRequestHeader(name, value);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { code?: string; message?: string } | null;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else
        reject(
          new ApiError(
            xhr.status,
            body?.code ?? `HTTP_${xhr.status}`,
            body?.message ?? `the upload failed with ${xhr.status}`,
          ),
        );
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload was cut off: check the connection'));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

/** Words for any error a page shows. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
