// SLO targets (defaults = the seed's Phase 4 table), loading them from a file, and the pass/fail verdict.
import { readFile } from 'node:fs/promises';
import type { PipelineReport } from './pipeline.tracker.ts';
import type { Analysis } from './report.analyzer.ts';
import type { ServerMetricsDelta } from './server-metrics.client.ts';

/** Targets; `null` switches a target off. */
export interface SloTargets {
  p95Ms: number | null;
  p99Ms: number | null;
  errorRatePct: number | null;
  cacheHitRatePct: number | null;
  dbQueryMeanMs: number | null;
  /** Minimum steady-state requests/second; users mode accepts 'offered' (90 % of users ÷ mean think time). */
  minThroughputRps: { users: number | 'offered' | null; open: number | null };
  /** Open mode: send slots the generator skipped, as % of intended; above this the run proves nothing. */
  maxMissedSlotsPct: number | null;
  /** Upload's 200 → analysis finished, p95 (ms), over the run's uploads. */
  uploadReadyP95Ms: number | null;
  /** Every accepted upload's analysis finished within this many seconds after the run ended. */
  backlogDrainS: number | null;
}

/** The seed's table: P95 < 100 ms, P99 < 200 ms, errors < 0.01 %, hit rate > 90 %, DB < 50 ms, 10,000 req/s. */
export const DEFAULT_SLO: SloTargets = {
  p95Ms: 100,
  p99Ms: 200,
  errorRatePct: 0.01,
  cacheHitRatePct: 90,
  dbQueryMeanMs: 50,
  minThroughputRps: { users: 'offered', open: 10_000 },
  maxMissedSlotsPct: 0.1,
  uploadReadyP95Ms: 2000,
  backlogDrainS: 60,
};

/** Reads a JSON file of targets over the defaults; rejects unknown keys and wrong types. */
export async function loadSlo(file?: string): Promise<SloTargets> {
  if (!file) return DEFAULT_SLO;
  const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...DEFAULT_SLO };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULT_SLO)) throw new Error(`--slo ${file}: unknown target "${key}"`);
    if (key === 'minThroughputRps') {
      const t = value as Record<string, unknown>;
      const ok = (v: unknown, allowOffered: boolean) =>
        v === undefined || v === null || typeof v === 'number' || (allowOffered && v === 'offered');
      if (typeof t !== 'object' || t === null || !ok(t.users, true) || !ok(t.open, false)) {
        throw new Error(`--slo ${file}: minThroughputRps must be {users, open} numbers or null`);
      }
      merged[key] = { ...DEFAULT_SLO.minThroughputRps, ...t };
    } else if (value === null || typeof value === 'number') merged[key] = value;
    else throw new Error(`--slo ${file}: "${key}" must be a number or null`);
  }
  return merged as unknown as SloTargets;
}

/** One line of the verdict; `pass` is null when the value could not be measured (counts as a failure). */
export interface SloCheck {
  target: string;
  actual: string;
  pass: boolean | null;
}

/** What the verdict judges. */
export interface VerdictInput {
  mode: 'users' | 'open';
  analysis: Analysis;
  server: ServerMetricsDelta;
  /** Users mode: users and mean think time; open mode: the arrival rate. */
  users?: number;
  meanThinkS?: number;
  missedSlotsPct: number;
  /** The run's uploads through the analysis pipeline; undefined when not measured (checks are then left out). */
  pipeline?: PipelineReport | null;
}

/** Checks every enabled target; the run passes only if every check passes. */
export function evaluateSlo(slo: SloTargets, input: VerdictInput): { pass: boolean; checks: SloCheck[] } {
  const checks: SloCheck[] = [];
  const { aggregate } = input.analysis;
  const below = (name: string, target: number | null, actual: number | null, unit: string, digits = 1) => {
    if (target === null) return;
    checks.push({
      target: `${name} < ${target}${unit}`,
      actual: actual === null ? 'n/a' : `${actual.toFixed(digits)}${unit}`,
      pass: actual === null ? null : actual < target,
    });
  };
  const atLeast = (
    name: string,
    target: number | null,
    actual: number | null,
    unit: string,
    strict = false,
  ) => {
    if (target === null) return;
    checks.push({
      target: `${name} ${strict ? '>' : '≥'} ${target}${unit}`,
      actual: actual === null ? 'n/a' : `${actual.toFixed(1)}${unit}`,
      pass: actual === null ? null : strict ? actual > target : actual >= target,
    });
  };
  // With no responses at all there is nothing to judge: latency and errors are "n/a", hence a failure.
  const measured = aggregate.requests > 0;
  below('P95', slo.p95Ms, measured ? aggregate.latency.p95 : null, ' ms');
  below('P99', slo.p99Ms, measured ? aggregate.latency.p99 : null, ' ms');
  below('error rate', slo.errorRatePct, measured ? aggregate.errorRatePct : null, ' %', 3);
  atLeast('cache hit rate', slo.cacheHitRatePct, input.server.cacheHitRatePct, ' %', true);
  below('DB query mean', slo.dbQueryMeanMs, input.server.dbQueryMeanMs, ' ms', 2);
  atLeast('throughput', throughputTarget(slo, input), aggregate.steadyRps, ' req/s');
  if (input.mode === 'open') below('missed send slots', slo.maxMissedSlotsPct, input.missedSlotsPct, ' %', 3);
  const pipeline = input.pipeline;
  if (pipeline && pipeline.accepted > 0) {
    below('upload→takeoff-ready P95', slo.uploadReadyP95Ms, pipeline.readyMs?.p95 ?? null, ' ms');
    if (slo.backlogDrainS !== null) {
      checks.push({
        target: `analysis backlog empty ≤ ${slo.backlogDrainS} s after the run`,
        actual:
          pipeline.drainedAfterS === null
            ? `${pipeline.unfinished} of ${pipeline.accepted} unfinished`
            : `${pipeline.drainedAfterS.toFixed(1)} s`,
        pass: pipeline.drainedAfterS !== null && pipeline.drainedAfterS <= slo.backlogDrainS,
      });
    }
  }
  return { pass: checks.every((c) => c.pass === true), checks };
}

function throughputTarget(slo: SloTargets, input: VerdictInput): number | null {
  const target = slo.minThroughputRps[input.mode];
  if (target !== 'offered') return target;
  if (!input.users || !input.meanThinkS) return null;
  return Math.floor((0.9 * input.users) / input.meanThinkS);
}
