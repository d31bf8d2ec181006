// The report's shape (report.json), shared by the runner, the writer and the HTML renderer.
import type { Analysis } from './report.analyzer.ts';
import type { PipelineReport } from './pipeline.tracker.ts';
import type { ServerMetricsDelta } from './server-metrics.client.ts';
import type { SloCheck } from './slo.verdict.ts';

/** How hard the generator worked and whether it kept its schedule. */
export interface GeneratorReport {
  threads: number;
  cores: number;
  cpuPercentOfOneCore: number;
  eventLoopUtilization: number[];
  intended: number;
  missedSlots: number;
  missedSlotsPct: number;
  /** Open mode: send time minus intended send time; users mode: user spawn lag. */
  scheduleLagMs: { p50: number; p99: number; max: number };
  abortedAtHardStop: number;
  lostWorkers: number;
}

/** Everything one run produced; written as report.json. */
export interface LoadtestReport {
  meta: {
    title: string;
    mode: 'users' | 'open' | 'ceiling';
    baseUrl: string;
    startedAt: string;
    durationS: number;
    settings: Record<string, string | number>;
    machine: string;
  };
  analysis: Analysis;
  server: ServerMetricsDelta | null;
  generator: GeneratorReport;
  /** Upload → takeoff-ready, analyses per second and the backlog (null when not measured). */
  pipeline?: PipelineReport | null;
  verdict: { pass: boolean; checks: SloCheck[] } | null;
}
