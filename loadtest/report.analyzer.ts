// Turns generator snapshots into the report's numbers. Percentiles always come from the merged
// distribution (never an average of per-endpoint or per-thread percentiles), and throughput is
// requests per second over the steady state only.
import { decodeFromCompressedBase64, type Histogram } from 'hdr-histogram-js';
import { isSuccess, latencyHistogram, type RecorderSnapshot } from './latency.recorder.ts';
import type { EndpointName } from './workload.catalog.ts';

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** One endpoint's (or the aggregate's) line of the report. */
export interface EndpointReport {
  endpoint: EndpointName | 'aggregate';
  requests: number;
  failures: number;
  failuresByStatus: Record<string, number>;
  errorRatePct: number;
  steadyRps: number;
  latency: LatencySummary;
}

/** One second of the run, for the charts. */
export interface TimelinePoint {
  second: number;
  rps: number;
  failures: number;
  p50: number;
  p99: number;
  max: number;
}

/** The steady state, in whole seconds since the start: [startS, endS). */
export interface SteadyWindow {
  startS: number;
  endS: number;
}

/** The analyzed run. */
export interface Analysis {
  steady: SteadyWindow;
  endpoints: EndpointReport[];
  aggregate: EndpointReport;
  timeline: TimelinePoint[];
}

/**
 * The steady state of a run: after ramp-up (users spawning, or connection warm-up in open mode)
 * and before the last second, whose completions overlap the drain.
 */
export function steadyWindow(durationS: number, rampUpS: number): SteadyWindow {
  const startS = Math.ceil(rampUpS);
  const endS = Math.floor(durationS) - 1;
  return endS > startS ? { startS, endS } : { startS: 0, endS: Math.max(1, Math.floor(durationS)) };
}

/** Merges snapshots from any number of generators and summarizes them. */
export function analyze(snapshots: RecorderSnapshot[], steady: SteadyWindow): Analysis {
  const names = new Set<EndpointName>();
  for (const s of snapshots) for (const name of Object.keys(s.endpoints)) names.add(name as EndpointName);

  const aggregateHist = latencyHistogram();
  const aggregateStatuses: Record<string, number> = {};
  const steadyCounts = steadyCountsByEndpoint(snapshots, steady);
  const endpoints = [...names].sort().map((name) => {
    const hist = latencyHistogram();
    const statuses: Record<string, number> = {};
    for (const s of snapshots) {
      const part = s.endpoints[name];
      if (!part) continue;
      hist.add(decodeFromCompressedBase64(part.histogram));
      addCounts(statuses, part.statuses);
    }
    aggregateHist.add(hist);
    addCounts(aggregateStatuses, statuses);
    return endpointReport(name, hist, statuses, steadyCounts.get(name) ?? 0, steady);
  });
  const steadyTotal = [...steadyCounts.values()].reduce((a, b) => a + b, 0);
  return {
    steady,
    endpoints,
    aggregate: endpointReport('aggregate', aggregateHist, aggregateStatuses, steadyTotal, steady),
    timeline: mergeTimeline(snapshots),
  };
}

/** Percentiles of a microsecond histogram, in milliseconds. */
export function summarize(hist: Histogram): LatencySummary {
  const ms = (us: number): number => Math.round(us) / 1000;
  if (hist.totalCount === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  return {
    p50: ms(hist.getValueAtPercentile(50)),
    p90: ms(hist.getValueAtPercentile(90)),
    p95: ms(hist.getValueAtPercentile(95)),
    p99: ms(hist.getValueAtPercentile(99)),
    max: ms(hist.maxValue),
    mean: ms(hist.mean),
  };
}

function endpointReport(
  endpoint: EndpointReport['endpoint'],
  hist: Histogram,
  statuses: Record<string, number>,
  steadyCount: number,
  steady: SteadyWindow,
): EndpointReport {
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const failuresByStatus = Object.fromEntries(Object.entries(statuses).filter(([k]) => !isSuccess(k)));
  const failures = Object.values(failuresByStatus).reduce((a, b) => a + b, 0);
  return {
    endpoint,
    requests,
    failures,
    failuresByStatus,
    errorRatePct: requests > 0 ? (failures / requests) * 100 : 0,
    steadyRps: steadyCount / (steady.endS - steady.startS),
    latency: summarize(hist),
  };
}

function steadyCountsByEndpoint(
  snapshots: RecorderSnapshot[],
  steady: SteadyWindow,
): Map<EndpointName, number> {
  const counts = new Map<EndpointName, number>();
  for (const s of snapshots) {
    for (const sec of s.timeline) {
      if (sec.second < steady.startS || sec.second >= steady.endS) continue;
      for (const [name, n] of Object.entries(sec.byEndpoint) as [EndpointName, number][]) {
        counts.set(name, (counts.get(name) ?? 0) + n);
      }
    }
  }
  return counts;
}

function mergeTimeline(snapshots: RecorderSnapshot[]): TimelinePoint[] {
  const seconds = new Map<number, { count: number; failures: number; hist: Histogram }>();
  for (const s of snapshots) {
    for (const sec of s.timeline) {
      let m = seconds.get(sec.second);
      if (!m) seconds.set(sec.second, (m = { count: 0, failures: 0, hist: latencyHistogram(2) }));
      m.count += sec.count;
      m.failures += sec.failures;
      m.hist.add(decodeFromCompressedBase64(sec.histogram));
    }
  }
  return [...seconds.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, m]) => {
      const l = summarize(m.hist);
      return { second, rps: m.count, failures: m.failures, p50: l.p50, p99: l.p99, max: l.max };
    });
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}
