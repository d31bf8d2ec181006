#!/usr/bin/env node
// The fault-injection suite (`npm run test:faults`): every scenario under test/faults/ (the *.test.ts ones that
// `npm test` also runs, with their long variants, and the long *.scenario.ts ones), one at a time, since each starts
// its own PostgreSQL, Redis and servers. Each scenario writes its row to test-artifacts/reliability/scenarios/;
// with --report (`npm run reliability`) the rows are printed as one table and written as JSON and Markdown.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join('test-artifacts', 'reliability');
const rowsDir = join(outDir, 'scenarios');
const report = process.argv.includes('--report');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const files =
  only.length > 0
    ? only
    : readdirSync(here)
        .filter((name) => name.endsWith('.scenario.ts') || name.endsWith('.test.ts'))
        .sort()
        .map((name) => join(here, name));

rmSync(rowsDir, { recursive: true, force: true });
const started = Date.now();
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-timeout=600000',
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, FAULT_SUITE: '1', RELIABILITY_DIR: rowsDir } },
);
const code = await new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
process.stderr.write(`fault suite: ${files.length} files in ${minutes} min\n`);

if (report) {
  let rows = [];
  try {
    rows = readdirSync(rowsDir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => JSON.parse(readFileSync(join(rowsDir, name), 'utf8')));
  } catch {
    // no scenario wrote a row
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}, Node ${process.versions.node}`;
  const header = ['scenario', 'load', 'injected fault', 'failed', 'slow', 'lost', 'recovery', 'notes'];
  const cells = rows.map((row) => [
    row.scenario,
    row.load,
    row.fault,
    String(row.failed),
    `${row.slow} (> ${row.slowBoundMs / 1000} s)`,
    String(row.lost),
    row.recoveryMs === null ? '–' : `${(row.recoveryMs / 1000).toFixed(1)} s`,
    row.notes ?? '',
  ]);
  const markdown = [
    `# Reliability: fault-injection results`,
    '',
    `Run ${new Date().toISOString()} on ${machine}; suite exit code ${code}, ${minutes} min.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...cells.map((line) => `| ${line.join(' | ')} |`),
    '',
  ].join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'reliability.json'), JSON.stringify({ machine, exitCode: code, rows }, null, 2));
  writeFileSync(join(outDir, 'reliability.md'), markdown);
  process.stdout.write(`\n${markdown}\nwritten to ${outDir}/reliability.{json,md}\n`);
}
process.exit(code);
