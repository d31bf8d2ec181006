// The report's terminal table and its JSON + HTML files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EndpointReport } from './report.analyzer.ts';
import { renderHtml } from './report.html.ts';
import type { LoadtestReport } from './report.model.ts';
import { pipelineLine } from './pipeline.tracker.ts';

const COLUMNS = ['requests', 'fail', 'err %', 'req/s', 'p50', 'p90', 'p95', 'p99', 'max'];

/** Renders the report as a plain-text table for the terminal. */
export function renderTable(report: LoadtestReport): string {
  const { analysis, generator, server, verdict } = report;
  const row = (e: EndpointReport) => [
    e.endpoint,
    String(e.requests),
    String(e.failures),
    e.errorRatePct.toFixed(3),
    e.steadyRps.toFixed(1),
    ...[e.latency.p50, e.latency.p90, e.latency.p95, e.latency.p99, e.latency.max].map((v) => v.toFixed(1)),
  ];
  const rows = [['endpoint', ...COLUMNS], ...analysis.endpoints.map(row), row(analysis.aggregate)];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const lines = [
    `${report.meta.title} — ${report.meta.mode} mode against ${report.meta.baseUrl}, ${report.meta.durationS}s`,
    `latency in ms (merged HDR histograms); req/s over the steady state ${analysis.steady.startS}s–${analysis.steady.endS}s`,
    fmt(rows[0]!),
    ...rows.slice(1, -1).map(fmt),
    fmt(rows[rows.length - 1]!),
  ];
  const failures = Object.entries(analysis.aggregate.failuresByStatus);
  if (failures.length > 0)
    lines.push(`failures by status: ${failures.map(([s, n]) => `${s}×${n}`).join(', ')}`);
  if (server) {
    const pct = (v: number | null, unit: string, d = 1) => (v === null ? 'n/a' : `${v.toFixed(d)}${unit}`);
    const levels = server.cacheHitsByLevel
      ? ` (${Object.entries(server.cacheHitsByLevel)
          .map(([l, n]) => `${l} ${n}`)
          .join(', ')})`
      : '';
    lines.push(
      `server: cache hit rate ${pct(server.cacheHitRatePct, ' %')}${levels}, ` +
        `DB query mean ${pct(server.dbQueryMeanMs, ' ms', 2)} over ${server.dbQueries ?? 'n/a'} queries`,
    );
  }
  if (report.pipeline) lines.push(pipelineLine(report.pipeline));
  lines.push(
    `generator: ${generator.threads} thread(s), CPU ${generator.cpuPercentOfOneCore.toFixed(0)} % of one core ` +
      `(${generator.cores} cores), event loop ${generator.eventLoopUtilization.map((u) => `${(u * 100).toFixed(0)} %`).join('/')}, ` +
      `missed slots ${generator.missedSlots} (${generator.missedSlotsPct.toFixed(3)} %), ` +
      `lag p99 ${generator.scheduleLagMs.p99.toFixed(1)} ms max ${generator.scheduleLagMs.max.toFixed(1)} ms, ` +
      `cut at hard stop ${generator.abortedAtHardStop}` +
      (generator.lostWorkers ? `, LOST WORKERS ${generator.lostWorkers}` : ''),
  );
  if (verdict) {
    lines.push(`SLO verdict: ${verdict.pass ? 'PASS' : 'FAIL'}`);
    for (const c of verdict.checks) {
      const mark = c.pass === true ? 'pass' : c.pass === false ? 'FAIL' : 'n/a ';
      lines.push(`  ${mark}  ${c.target.padEnd(28)} actual ${c.actual}`);
    }
  }
  return lines.join('\n');
}

/** Writes report.json, report.txt and report.html into `dir`; returns their absolute paths. */
export async function writeReport(dir: string, report: LoadtestReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['report.json', JSON.stringify(report, null, 2)],
    ['report.txt', renderTable(report) + '\n'],
    ['report.html', renderHtml(report)],
  ];
  for (const [name, content] of files) await writeFile(join(dir, name), content);
  return files.map(([name]) => resolve(dir, name));
}
