// Records every response into HDR histograms (per endpoint, per second) and snapshots them for merging.
import { build, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { EndpointName } from './workload.catalog.ts';

/** Status key of a response: the HTTP status, `error` (no response) or `aborted` (cut at the hard stop). */
export type StatusKey = `${number}` | 'error' | 'aborted';

/** One endpoint's results: an encoded latency histogram (microseconds) and counts by status. */
export interface EndpointSnapshot {
  histogram: string;
  statuses: Record<string, number>;
}

/** One second of the run (by completion time): responses, failures and their encoded latency histogram. */
export interface SecondSnapshot {
  second: number;
  count: number;
  failures: number;
  byEndpoint: Partial<Record<EndpointName, number>>;
  histogram: string;
}

/** Everything one generator recorded; snapshots from several threads merge in the analyzer. */
export interface RecorderSnapshot {
  endpoints: Partial<Record<EndpointName, EndpointSnapshot>>;
  timeline: SecondSnapshot[];
}

/** Builds the histogram every part of the harness uses: microseconds, 3 significant digits. */
export function latencyHistogram(digits: 2 | 3 = 3): Histogram {
  return build({ numberOfSignificantValueDigits: digits, lowestDiscernibleValue: 1, autoResize: true });
}

/** True for a status the reports count as a success (2xx/3xx). */
export function isSuccess(status: string): boolean {
  const code = Number(status);
  return code >= 200 && code < 400;
}

interface EndpointState {
  histogram: Histogram;
  statuses: Map<string, number>;
}

interface SecondState {
  count: number;
  failures: number;
  byEndpoint: Partial<Record<EndpointName, number>>;
  histogram: Histogram;
}

/** Collects latencies measured against a shared run origin `t0` (epoch milliseconds). */
export class LatencyRecorder {
  private readonly endpoints = new Map<EndpointName, EndpointState>();
  private readonly seconds = new Map<number, SecondState>();
  /** Cumulative aggregate histogram, for the live progress line. */
  readonly overall = latencyHistogram(2);
  completed = 0;
  failures = 0;

  constructor(private readonly t0: number) {}

  /** Records one request that was due at `startMs` and finished at `endMs` (both epoch ms). */
  record(endpoint: EndpointName, status: StatusKey, startMs: number, endMs: number): void {
    const micros = Math.max(1, Math.round((endMs - startMs) * 1000));
    const failed = !isSuccess(status);
    let state = this.endpoints.get(endpoint);
    if (!state) {
      state = { histogram: latencyHistogram(), statuses: new Map() };
      this.endpoints.set(endpoint, state);
    }
    state.histogram.recordValue(micros);
    state.statuses.set(status, (state.statuses.get(status) ?? 0) + 1);

    const second = Math.max(0, Math.floor((endMs - this.t0) / 1000));
    let bucket = this.seconds.get(second);
    if (!bucket) {
      bucket = { count: 0, failures: 0, byEndpoint: {}, histogram: latencyHistogram(2) };
      this.seconds.set(second, bucket);
    }
    bucket.count++;
    bucket.byEndpoint[endpoint] = (bucket.byEndpoint[endpoint] ?? 0) + 1;
    bucket.histogram.recordValue(micros);
    this.overall.recordValue(micros);
    this.completed++;
    if (failed) {
      bucket.failures++;
      this.failures++;
    }
  }

  /** Encodes everything recorded so far (histograms survive postMessage as base64 strings). */
  snapshot(): RecorderSnapshot {
    const endpoints: RecorderSnapshot['endpoints'] = {};
    for (const [name, state] of this.endpoints) {
      endpoints[name] = {
        histogram: encodeIntoCompressedBase64(state.histogram),
        statuses: Object.fromEntries(state.statuses),
      };
    }
    const timeline = [...this.seconds.entries()]
      .sort(([a], [b]) => a - b)
      .map(([second, s]) => ({
        second,
        count: s.count,
        failures: s.failures,
        byEndpoint: s.byEndpoint,
        histogram: encodeIntoCompressedBase64(s.histogram),
      }));
    return { endpoints, timeline };
  }
}
