// `construction-ai analyze FILE [--json] [--storey-height 3] [--units in|ft|mm|cm|m]`: the takeoff on the terminal, no server, no database.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisResult } from './analysis.result.ts';
import { UNIT_OVERRIDES, type UnitOverride } from './units.normalizer.ts';
import { runInWorker } from './worker.runner.ts';

const USAGE = `usage: construction-ai analyze FILE [--json] [--storey-height METRES] [--units ${UNIT_OVERRIDES.join('|')}] [--timeout SECONDS]`;

interface Args {
  file: string;
  json: boolean;
  storeyHeight: number | undefined;
  timeoutMs: number | undefined;
  units: UnitOverride | undefined;
}

/** Runs the command; returns the exit code (0 ok, 1 the drawing could not be analysed, 2 usage). */
export async function runAnalyzeCommand(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    err.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(args.file);
  } catch (error) {
    err.write(`cannot read ${args.file}: ${(error as Error).message}\n`);
    return 2;
  }
  const progress = (fraction: number): void => {
    err.write(
      `\ranalyzing ${basename(args.file)} … ${Math.round(fraction * 100)}%${fraction >= 1 ? '\n' : ''}`,
    );
  };
  try {
    const result = await runInWorker<AnalysisResult>(
      {
        task: 'analyze',
        bytes,
        filename: basename(args.file),
        options: { storeyHeight: args.storeyHeight, units: args.units },
      },
      { timeoutMs: args.timeoutMs, onProgress: progress },
    );
    out.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatTable(result));
    return 0;
  } catch (error) {
    const e =
      error instanceof DrawingAnalysisError
        ? error
        : new DrawingAnalysisError('ANALYSIS_FAILED', String(error));
    err.write(`\nerror ${e.code}: ${e.message}\n`);
    return 1;
  }
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = {
    file: '',
    json: false,
    storeyHeight: undefined,
    timeoutMs: undefined,
    units: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--json') args.json = true;
    else if (a === '--units') {
      const unit = argv[++i] ?? '';
      if (!isUnit(unit)) return `--units needs one of ${UNIT_OVERRIDES.join(', ')}`;
      args.units = unit;
    } else if (a === '--storey-height' || a === '--timeout') {
      const v = Number(argv[++i]);
      if (!(v > 0)) return `${a} needs a positive number`;
      if (a === '--storey-height') args.storeyHeight = v;
      else args.timeoutMs = v * 1000;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (args.file) return 'only one FILE can be analysed at a time';
    else args.file = a;
  }
  return args.file ? args : 'missing FILE';
}

function isUnit(s: string): s is UnitOverride {
  return (UNIT_OVERRIDES as readonly string[]).includes(s);
}

/** The human-readable report. */
export function formatTable(r: AnalysisResult): string {
  const lines = [
    `${r.file.name} (${r.file.format}, read by ${r.reader.name} ${r.reader.version})`,
    `units: ${r.units.name} (confidence ${r.units.confidence.toFixed(2)}) — ${r.units.reason}`,
    `extents: ${r.extents.widthM.toFixed(2)} m × ${r.extents.heightM.toFixed(2)} m; storey height ${r.options.storeyHeight} m`,
    '',
    table(
      ['quantity', 'amount', 'unit', 'class', 'confidence'],
      r.takeoff.map((i) => [i.description, fmt(i.quantity), i.unit, i.elementClass, i.confidence.toFixed(2)]),
    ),
    '',
    table(
      ['material', 'amount', 'unit'],
      Object.entries(r.materials).map(([name, m]) => [name, fmt(m?.quantity ?? 0), m?.unit ?? '']),
    ),
  ];
  if (r.walls.types.length > 0)
    lines.push(
      '',
      table(
        ['wall type', 'length m', 'pieces'],
        r.walls.types.map((t) => [
          t.thicknessM === null ? 'single line' : `${Math.round(t.thicknessM * 1000)} mm`,
          fmt(t.lengthM),
          String(t.pieces),
        ]),
      ),
    );
  if (r.schedule.length > 0)
    lines.push(
      '',
      table(
        ['opening', 'count', 'width m'],
        r.schedule.map((s) => [
          `${s.kind}${s.double ? ' (double)' : ''}`,
          String(s.count),
          s.widthM.toFixed(2),
        ]),
      ),
    );
  if (r.rooms.length > 0)
    lines.push(
      '',
      table(
        ['room', 'area m²', 'perimeter m', 'baseboard m'],
        r.rooms.map((room) => [
          room.name ?? '(unnamed)',
          fmt(room.areaM2),
          fmt(room.perimeterM),
          fmt(room.baseboardM),
        ]),
      ),
    );
  if (r.review.entries.length > 0)
    lines.push('', 'to review:', ...r.review.entries.map((e) => `  - [${e.kind}] ${e.message}`));
  if (r.warnings.length > 0) lines.push('', 'warnings:', ...r.warnings.map((w) => `  - ${w}`));
  lines.push('', `time: ${r.timings.totalMs} ms`);
  return `${lines.join('\n')}\n`;
}

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return `(no ${head[0]} found)`;
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 1 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3);
}
