// Sends requests through an undici Pool, records each outcome once, and cuts off what is left at the hard stop.
import { Pool } from 'undici';
import type { LatencyRecorder, StatusKey } from './latency.recorder.ts';
import type { EndpointName, RequestSpec } from './workload.catalog.ts';

/** Current time in epoch milliseconds with sub-millisecond resolution, comparable across worker threads. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves after `ms` milliseconds (immediately when `ms` ≤ 0). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : resolve()));
}

/** A keep-alive connection pool to the base URL; timeouts generous, the hard stop is the runner's job. */
export function createPool(baseUrl: string, connections: number): Pool {
  return new Pool(baseUrl, {
    connections,
    pipelining: 1,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
    keepAliveTimeout: 30_000,
  });
}

interface Pending {
  endpoint: EndpointName;
  startMs: number;
}

/** Runs requests and records each one exactly once, even if the hard stop comes first. */
export class RequestRunner {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Uploads answered 200: file id and when the answer came (for upload → takeoff-ready latency). */
  readonly acceptedUploads: Array<[fileId: string, acceptedAt: number]> = [];

  constructor(
    private readonly pool: Pool,
    private readonly recorder: LatencyRecorder,
  ) {}

  /** Requests currently awaiting a response. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends `req` and records its latency from `startMs` (the intended send time in open mode).
   * Returns the response body when `readBody` is set and a response came, else undefined.
   */
  async run(req: RequestSpec, startMs: number, readBody = false): Promise<string | undefined> {
    const id = this.nextId++;
    this.pending.set(id, { endpoint: req.endpoint, startMs });
    const isUpload = req.endpoint === 'upload';
    const { status, text } = await this.send(req, readBody || isUpload);
    const end = nowMs();
    // Already recorded as aborted by the hard stop: do not count it twice.
    if (this.pending.delete(id)) this.recorder.record(req.endpoint, status, startMs, end);
    if (isUpload && status === '200' && text) {
      const fileId = fileIdOf(text);
      if (fileId) this.acceptedUploads.push([fileId, end]);
    }
    return readBody ? text : undefined;
  }

  /**
   * Sends `requests` all at once and waits for them until `deadlineMs` (epoch) at most, recording nothing:
   * opens one connection per request before a measured run, so the first scheduled second does not also
   * pay for connection setup. A server that does not answer cannot hold the run.
   */
  async openConnections(requests: RequestSpec[], deadlineMs: number): Promise<void> {
    await Promise.race([
      Promise.all(requests.map((req) => this.send(req, false))),
      sleep(deadlineMs - nowMs()),
    ]);
  }

  /**
   * Uses undici's low-level `dispatch` handler API: no stream or response object per request, so the
   * generator spends less of the CPU it shares with the server under test.
   */
  private send(req: RequestSpec, readBody: boolean): Promise<{ status: StatusKey; text?: string }> {
    return new Promise((resolve) => {
      let status: StatusKey = 'error';
      let chunks: Buffer[] | undefined;
      this.pool.dispatch(
        { method: req.method, path: req.path, headers: req.headers, body: req.body },
        {
          onRequestStart: () => {},
          onResponseStart: (_controller, statusCode) => {
            status = `${statusCode}`;
            if (readBody) chunks = [];
          },
          onResponseData: (_controller, chunk) => {
            chunks?.push(chunk);
          },
          onResponseEnd: () => resolve({ status, text: chunks && Buffer.concat(chunks).toString() }),
          onResponseError: () => resolve({ status: 'error' }),
        },
      );
    });
  }

  /** Waits until nothing is in flight or `deadlineMs` (epoch) passes; returns true when drained. */
  async drain(deadlineMs: number): Promise<boolean> {
    while (this.pending.size > 0 && nowMs() < deadlineMs) await sleep(10);
    return this.pending.size === 0;
  }

  /** Records everything still in flight as `aborted` (latency up to now) and destroys the pool. */
  async abortRemaining(): Promise<number> {
    const end = nowMs();
    const cut = this.pending.size;
    for (const { endpoint, startMs } of this.pending.values())
      this.recorder.record(endpoint, 'aborted', startMs, end);
    this.pending.clear();
    await this.pool.destroy();
    return cut;
  }
}

/** The `file_id` of an upload's answer, if it has one. */
export function fileIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { file_id?: unknown };
    return typeof parsed.file_id === 'string' ? parsed.file_id : undefined;
  } catch {
    return undefined;
  }
}
