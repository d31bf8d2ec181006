// A self-contained HTML page for a report: tables plus inline-SVG charts (no scripts, no CDN).
import type { LoadtestReport } from './report.model.ts';
import { pipelineLine } from './pipeline.tracker.ts';

interface Series {
  name: string;
  color: string;
  points: [number, number][];
}

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Renders a line chart of `series` (x = seconds) as an SVG string. */
export function lineChart(title: string, unit: string, series: Series[], steady?: [number, number]): string {
  const [w, h, left, bottom, top, right] = [900, 260, 60, 30, 24, 120];
  const all = series.flatMap((s) => s.points);
  const maxX = Math.max(1, ...all.map(([x]) => x));
  const maxY = niceCeil(Math.max(0, ...all.map(([, y]) => y)));
  const sx = (x: number) => left + (x / maxX) * (w - left - right);
  const sy = (y: number) => h - bottom - (y / maxY) * (h - bottom - top);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const y = sy(f * maxY);
    return (
      `<line x1="${left}" x2="${w - right}" y1="${y}" y2="${y}" stroke="#ddd"/>` +
      `<text x="${left - 6}" y="${y + 4}" text-anchor="end">${fmt(f * maxY)}</text>`
    );
  });
  const band = steady
    ? `<rect x="${sx(steady[0])}" y="${top}" width="${Math.max(0, sx(steady[1]) - sx(steady[0]))}" ` +
      `height="${h - top - bottom}" fill="#f3f8ff"/>`
    : '';
  const lines = series.map((s, i) => {
    const d = s.points.map(([x, y], j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    const ly = top + 14 + i * 16;
    return (
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>` +
      `<text x="${w - right + 10}" y="${ly}" fill="${s.color}">${escape(s.name)}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-size="11">` +
    `<text x="${left}" y="14" font-weight="bold">${escape(title)} (${escape(unit)})</text>${band}${grid.join('')}` +
    `<line x1="${left}" x2="${w - right}" y1="${h - bottom}" y2="${h - bottom}" stroke="#888"/>` +
    `<text x="${(w - right + left) / 2}" y="${h - 6}" text-anchor="middle">seconds since start (shaded: steady state)</text>` +
    `${lines.join('')}</svg>`
  );
}

/** Renders the whole report as one HTML page. */
export function renderHtml(report: LoadtestReport): string {
  const { analysis, meta } = report;
  const t = analysis.timeline;
  const steady: [number, number] = [analysis.steady.startS, analysis.steady.endS];
  const latency = lineChart(
    'Latency per second',
    'ms',
    [
      { name: 'p50', color: '#2b7bb9', points: t.map((p) => [p.second, p.p50]) },
      { name: 'p99', color: '#e08a00', points: t.map((p) => [p.second, p.p99]) },
      { name: 'max', color: '#c0392b', points: t.map((p) => [p.second, p.max]) },
    ],
    steady,
  );
  const throughput = lineChart(
    'Throughput per second',
    'responses/s',
    [
      { name: 'responses', color: '#2b7bb9', points: t.map((p) => [p.second, p.rps]) },
      { name: 'failures', color: '#c0392b', points: t.map((p) => [p.second, p.failures]) },
    ],
    steady,
  );
  const pipeline = report.pipeline
    ? `<h2>Uploads to takeoff</h2><p>${escape(pipelineLine(report.pipeline))}</p>` +
      lineChart(
        'Analysis backlog (accepted uploads not yet analysed) and analyses finished per second',
        'files',
        [
          {
            name: 'backlog',
            color: '#8e44ad',
            points: report.pipeline.backlog.map((b) => [b.second, b.backlog]),
          },
          {
            name: 'finished/s',
            color: '#1e7e34',
            points: report.pipeline.backlog.map((b) => [b.second, b.finishedPerS]),
          },
        ],
        steady,
      )
    : '';
  const rows = [...analysis.endpoints, analysis.aggregate]
    .map(
      (e) =>
        `<tr><td>${escape(e.endpoint)}</td><td>${e.requests}</td><td>${e.failures}</td>` +
        `<td>${escape(JSON.stringify(e.failuresByStatus))}</td><td>${e.errorRatePct.toFixed(3)}</td>` +
        `<td>${e.steadyRps.toFixed(1)}</td>` +
        [e.latency.p50, e.latency.p90, e.latency.p95, e.latency.p99, e.latency.max]
          .map((v) => `<td>${v.toFixed(2)}</td>`)
          .join('') +
        '</tr>',
    )
    .join('');
  const verdict = report.verdict
    ? `<h2>SLO verdict: ${report.verdict.pass ? 'PASS' : 'FAIL'}</h2><table><tr><th>target</th><th>actual</th><th></th></tr>` +
      report.verdict.checks
        .map((c) => {
          const mark = c.pass === true ? 'pass' : c.pass === false ? 'FAIL' : 'n/a';
          return `<tr><td>${escape(c.target)}</td><td>${escape(c.actual)}</td><td class="${mark}">${mark}</td></tr>`;
        })
        .join('') +
      '</table>'
    : '';
  const settings = Object.entries(meta.settings)
    .map(([k, v]) => `${escape(k)}=${escape(String(v))}`)
    .join(', ');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(meta.title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.pass{color:#1e7e34}.FAIL,.n\\/a{color:#c0392b;font-weight:bold}pre{background:#f6f6f6;padding:8px}</style></head><body>
<h1>${escape(meta.title)}</h1>
<p>${escape(meta.mode)} mode against ${escape(meta.baseUrl)}, started ${escape(meta.startedAt)}, ${meta.durationS}s measured.
Settings: ${settings}. Machine: ${escape(meta.machine)}.</p>
${verdict}
<h2>Endpoints</h2><p>Latency in ms from merged HDR histograms; req/s over the steady state ${steady[0]}–${steady[1]} s.</p>
<table><tr><th>endpoint</th><th>requests</th><th>failures</th><th>by status</th><th>err %</th><th>req/s</th>
<th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr>${rows}</table>
${latency}<br>${throughput}
${pipeline}
<h2>Server and generator</h2><pre>${escape(JSON.stringify({ server: report.server, generator: report.generator }, null, 2))}</pre>
</body></html>
`;
}

function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 2.5, 5, 10].find((m) => m * mag >= v) ?? 10) * mag;
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
