// Upload → takeoff-ready: listens to each load tenant's live event stream (GET /api/events/stream) for
// `analysis_completed`, and matches those events with the uploads the generators saw answered 200.
import { request, type Dispatcher } from 'undici';
import { latencyHistogram } from './latency.recorder.ts';
import { nowMs, sleep } from './request.runner.ts';

/** An upload answered 200: its file id and when the answer arrived (epoch ms, comparable across threads). */
export type AcceptedUpload = [fileId: string, acceptedAt: number];

/** What happened to the uploads of a run, from their 200 to their analysis finishing. */
export interface PipelineReport {
  accepted: number;
  /** Analyses finished (completed or failed) of accepted uploads, by the end of the wait. */
  finished: number;
  failed: number;
  /** Accepted uploads whose analysis had not finished when the wait ended. */
  unfinished: number;
  /** Upload's 200 → `analysis_completed`, ms, over the finished ones. */
  readyMs: { p50: number; p95: number; p99: number; max: number } | null;
  /** Analyses finished per second over the measured duration, and over run plus wait. */
  finishedPerSecond: { run: number; overall: number };
  /** Seconds after the run's end until the last accepted upload's analysis finished; null if some never did. */
  drainedAfterS: number | null;
  /** Per second since the start: uploads accepted so far whose analysis had not finished (the backlog). */
  backlog: Array<{ second: number; backlog: number; finishedPerS: number }>;
  /** Streams that failed to open (their tenants' uploads show as unfinished). */
  streamErrors: string[];
}

/** Listens to the event streams of `apiKeys` until stopped; records when each file's analysis finished. */
export class PipelineTracker {
  readonly #finished = new Map<string, { at: number; status: string }>();
  readonly #streams: Array<Promise<void>> = [];
  readonly #errors: string[] = [];
  readonly #abort = new AbortController();

  constructor(
    private readonly baseUrl: string,
    private readonly apiKeys: readonly string[],
  ) {}

  /** Opens every stream; resolves once each has answered (or failed). */
  async start(): Promise<void> {
    const opened = this.apiKeys.map(
      (apiKey) =>
        new Promise<void>((resolve) => {
          this.#streams.push(this.#listen(apiKey, resolve));
        }),
    );
    await Promise.race([Promise.all(opened), sleep(10_000)]);
  }

  /** Waits until every one of `fileIds` has finished or `deadline` (epoch ms) passes. */
  async waitFor(fileIds: readonly string[], deadline: number): Promise<void> {
    while (nowMs() < deadline && fileIds.some((id) => !this.#finished.has(id))) await sleep(250);
  }

  /** Closes the streams. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled(this.#streams);
  }

  /** The report over `uploads` for a run from `startAt` lasting `durationMs`. */
  report(uploads: readonly AcceptedUpload[], startAt: number, durationMs: number): PipelineReport {
    return pipelineReport(uploads, this.#finished, startAt, durationMs, this.#errors);
  }

  async #listen(apiKey: string, opened: () => void): Promise<void> {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(new URL('/api/events/stream', this.baseUrl), {
        headers: { authorization: `Bearer ${apiKey}`, accept: 'text/event-stream' },
        signal: this.#abort.signal,
        bodyTimeout: 0,
        headersTimeout: 10_000,
      });
    } catch (error) {
      this.#errors.push(`event stream: ${(error as Error).message}`);
      return opened();
    }
    opened();
    if (response.statusCode !== 200) {
      this.#errors.push(`event stream: HTTP ${response.statusCode} ${await response.body.text()}`);
      return;
    }
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += (chunk as Buffer).toString();
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.#onFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by stop(), or the server went away: what arrived so far is kept
    }
  }

  #onFrame(frame: string): void {
    if (!frame.includes('event: analysis_completed')) return;
    const data = frame.split('\n').find((line) => line.startsWith('data: '));
    if (!data) return;
    try {
      const event = JSON.parse(data.slice(6)) as { data?: { analysis?: { id?: string; status?: string } } };
      const analysis = event.data?.analysis;
      if (analysis?.id && !this.#finished.has(analysis.id)) {
        this.#finished.set(analysis.id, { at: nowMs(), status: analysis.status ?? 'completed' });
      }
    } catch {
      // a frame that is not JSON is not ours to judge
    }
  }
}

/** Computes the pipeline report from the accepted uploads and the finish times seen. */
export function pipelineReport(
  uploads: readonly AcceptedUpload[],
  finished: ReadonlyMap<string, { at: number; status: string }>,
  startAt: number,
  durationMs: number,
  streamErrors: string[] = [],
): PipelineReport {
  const ready = latencyHistogram(2);
  const runEnd = startAt + durationMs;
  let done = 0;
  let failed = 0;
  let doneInRun = 0;
  let lastAt = runEnd;
  const events: Array<[at: number, delta: number]> = [];
  for (const [fileId, acceptedAt] of uploads) {
    events.push([acceptedAt, 1]);
    const end = finished.get(fileId);
    if (!end) continue;
    done++;
    if (end.status === 'failed') failed++;
    if (end.at <= runEnd) doneInRun++;
    lastAt = Math.max(lastAt, end.at);
    events.push([Math.max(end.at, acceptedAt), -1]);
    ready.recordValue(Math.max(1, Math.round(Math.max(0, end.at - acceptedAt) * 1000)));
  }
  events.sort((a, b) => a[0] - b[0]);
  const seconds = Math.max(1, Math.ceil((Math.max(lastAt, runEnd) - startAt) / 1000));
  const backlog: PipelineReport['backlog'] = [];
  let level = 0;
  let i = 0;
  for (let second = 1; second <= seconds; second++) {
    let finishedThisSecond = 0;
    while (i < events.length && events[i]![0] < startAt + second * 1000) {
      level += events[i]![1];
      if (events[i]![1] < 0) finishedThisSecond++;
      i++;
    }
    backlog.push({ second, backlog: level, finishedPerS: finishedThisSecond });
  }
  const ms = (percentile: number) => ready.getValueAtPercentile(percentile) / 1000;
  return {
    accepted: uploads.length,
    finished: done,
    failed,
    unfinished: uploads.length - done,
    readyMs: done > 0 ? { p50: ms(50), p95: ms(95), p99: ms(99), max: ready.maxValue / 1000 } : null,
    finishedPerSecond: {
      run: doneInRun / (durationMs / 1000),
      overall: done / Math.max(durationMs / 1000, (lastAt - startAt) / 1000),
    },
    drainedAfterS: done === uploads.length ? Math.max(0, (lastAt - runEnd) / 1000) : null,
    backlog,
    streamErrors,
  };
}

/** One line on the uploads' way to a finished takeoff. */
export function pipelineLine(p: PipelineReport): string {
  const ready = p.readyMs
    ? `p50 ${p.readyMs.p50.toFixed(0)} / p95 ${p.readyMs.p95.toFixed(0)} / p99 ${p.readyMs.p99.toFixed(0)} ms ` +
      `(max ${p.readyMs.max.toFixed(0)})`
    : 'n/a';
  const drained =
    p.drainedAfterS === null
      ? `${p.unfinished} unfinished at the end of the wait`
      : `${p.drainedAfterS.toFixed(1)} s`;
  const peak = Math.max(0, ...p.backlog.map((b) => b.backlog));
  return (
    `pipeline: ${p.accepted} uploads accepted, ${p.finished} analyses finished (${p.failed} failed); ` +
    `upload→takeoff-ready ${ready}; analyses/s ${p.finishedPerSecond.run.toFixed(1)} during the run, ` +
    `${p.finishedPerSecond.overall.toFixed(1)} overall; backlog peak ${peak}, empty after the run: ${drained}` +
    (p.streamErrors.length ? `; STREAM ERRORS: ${p.streamErrors.join('; ')}` : '')
  );
}
