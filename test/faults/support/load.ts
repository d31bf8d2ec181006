import { randomBytes } from 'node:crypto';
import { multipartFile } from '../../support/test-app.ts';

/** What one request of the load did. */
export interface RequestRecord {
  kind: 'read' | 'list' | 'upload';
  /** Start, in ms since the run began. */
  at: number;
  ms: number;
  /** HTTP status; 0 when no answer came (connection refused or reset, or the client's own timeout). */
  status: number;
  /** Whether the answer carried `Retry-After`. */
  retryAfter: boolean;
  /** The id of an upload answered 200. */
  fileId?: string;
}

/** A bounded closed-model load: `concurrency` clients, each sending its next request `pauseMs` after an answer. */
export interface LoadOptions {
  baseUrl: string;
  headers: Record<string, string>;
  concurrency: number;
  /** The requests each client cycles through (a read is `GET /api/files/:id` of one of `readIds`). */
  mix: Array<RequestRecord['kind']>;
  readIds: string[];
  pauseMs?: number;
  /** A request with no answer after this long is given up (recorded as status 0). */
  timeoutMs?: number;
}

/** A running load; `stop` waits for the requests in flight and returns every record. */
export interface LoadRun {
  readonly startedAt: number;
  records(): RequestRecord[];
  stop(): Promise<RequestRecord[]>;
}

/** A DXF-looking upload (unique bytes, so every accepted upload is its own file), padded by a comment. */
export function uploadBody(paddingBytes = 0): { payload: Buffer; headers: Record<string, string> } {
  const comment = `${randomBytes(8).toString('hex')}${'x'.repeat(paddingBytes)}`;
  const dxf = `0\nSECTION\n2\nENTITIES\n999\n${comment}\n0\nENDSEC\n0\nEOF\n`;
  return multipartFile(`fault-${randomBytes(4).toString('hex')}.dxf`, dxf);
}

/** Sends one request of `kind` and records it. */
async function send(options: LoadOptions, kind: RequestRecord['kind'], n: number, t0: number) {
  const at = Date.now() - t0;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const url =
    kind === 'read'
      ? `${options.baseUrl}/api/files/${options.readIds[n % options.readIds.length]}`
      : `${options.baseUrl}/api/files${kind === 'upload' ? '/upload' : '?limit=5'}`;
  const init: RequestInit =
    kind === 'upload'
      ? (() => {
          const body = uploadBody();
          return {
            method: 'POST',
            headers: { ...options.headers, ...body.headers },
            body: Uint8Array.from(body.payload),
            signal,
          };
        })()
      : { headers: options.headers, signal };
  const record: RequestRecord = { kind, at, ms: 0, status: 0, retryAfter: false };
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    record.status = response.status;
    record.retryAfter = response.headers.has('retry-after');
    if (kind === 'upload' && response.status === 200)
      record.fileId = (JSON.parse(text) as { file_id: string }).file_id;
  } catch {
    record.status = 0;
  }
  record.ms = Date.now() - t0 - at;
  return record;
}

/** Starts the load. */
export function startLoad(options: LoadOptions): LoadRun {
  const t0 = Date.now();
  const done: RequestRecord[] = [];
  let stopping = false;
  const client = async (index: number) => {
    for (let n = index; !stopping; n++) {
      done.push(await send(options, options.mix[n % options.mix.length]!, n, t0));
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 20));
    }
  };
  const clients = Promise.all(Array.from({ length: options.concurrency }, (_, i) => client(i)));
  return {
    startedAt: t0,
    records: () => done,
    stop: async () => {
      stopping = true;
      await clients;
      return done;
    },
  };
}

/** Counts of a load's records. */
export interface LoadSummary {
  requests: number;
  /** Answers other than 2xx/304 (503 with Retry-After included: they are refusals, counted apart too). */
  failed: number;
  refusedWithRetryAfter: number;
  /** Requests slower than `slowMs`. */
  slow: number;
  acceptedUploads: string[];
  /** Requests per second over the run. */
  rate: number;
}

/** Summarises `records`; `slowMs` is the scenario's bound for one request. */
export function summarize(records: RequestRecord[], slowMs: number): LoadSummary {
  const ok = (r: RequestRecord) => (r.status >= 200 && r.status < 300) || r.status === 304;
  const span = Math.max(1, ...records.map((r) => r.at + r.ms)) / 1000;
  return {
    requests: records.length,
    failed: records.filter((r) => !ok(r)).length,
    refusedWithRetryAfter: records.filter((r) => r.status === 503 && r.retryAfter).length,
    slow: records.filter((r) => r.ms > slowMs).length,
    acceptedUploads: records.flatMap((r) => (r.fileId ? [r.fileId] : [])),
    rate: Math.round(records.length / span),
  };
}

/** The accepted uploads of `ids` that the server no longer has (row or content). */
export async function lostUploads(
  baseUrl: string,
  headers: Record<string, string>,
  ids: string[],
): Promise<string[]> {
  const lost: string[] = [];
  for (const id of ids) {
    const content = await fetch(`${baseUrl}/api/files/${id}/content`, { headers });
    await content.arrayBuffer();
    if (content.status !== 200) lost.push(id);
  }
  return lost;
}
