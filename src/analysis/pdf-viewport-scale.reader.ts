// Where a sheet's scales apply: every scale note with its place on the page (a sheet with several notes has
// several viewports, each path measured at the note nearest to it), and a graphic scale bar when the sheet
// has no note.
import type { Vec2 } from './drawing.model.ts';
import type { PaintedPath } from './pdf-content.reader.ts';
import { parseScaleNote, type SheetScale } from './pdf-scale.reader.ts';

/** Metres per PDF point (1/72 inch), exactly. */
const METRES_PER_POINT = 0.0254 / 72;

/** A text item as pdf.js gives it: the string, its matrix (e, f = baseline start) and advance width. */
export interface PageText {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/** A scale and the point of the page (PDF points) it was written at. */
export interface PlacedScale {
  scale: SheetScale;
  at: Vec2;
}

/** Metres per unit word a scale bar may carry. */
const BAR_UNITS: Record<string, number> = {
  m: 1,
  meter: 1,
  meters: 1,
  metre: 1,
  metres: 1,
  ft: 0.3048,
  feet: 0.3048,
  "'": 0.3048,
  '’': 0.3048,
};
const BAR_LABEL = /^(\d+(?:\.\d+)?)\s*(m|meters?|metres?|ft|feet|'|’)?$/i;
/** Labels of a bar lie within this share of the span from where their values put them. */
const BAR_FIT = 0.03;

/**
 * Every scale note of a page with its position: text items on one baseline are joined (so `SCALE:` and
 * `1/4" = 1'-0"` meet); the position is the middle of the joined line.
 */
export function scaleNotes(items: PageText[], shortSideMm: number): PlacedScale[] {
  const out: PlacedScale[] = [];
  for (const line of baselines(items, true)) {
    const scale = parseScaleNote(line.items.map((t) => t.str).join(' '), shortSideMm);
    if (scale) out.push({ scale, at: { x: (line.x0 + line.x1) / 2, y: line.y } });
  }
  return out;
}

/**
 * A graphic scale bar: number labels on one baseline starting at 0 and rising (`0 1 2 5 10 m`), each
 * centred where its value puts it within 3 % of the span, with a unit (a word on the line or on the last
 * label), over a stroked straight line from the 0 to the last label (±3 %) within three label heights.
 * The ratio is the last value in metres over the paper distance between the first and last label.
 */
export function scaleBar(
  items: PageText[],
  paths: readonly PaintedPath[],
  unit: number,
): PlacedScale | undefined {
  // A bar's labels stand a division apart: its whole baseline is one line.
  for (const line of baselines(items, false)) {
    let metresPerUnit: number | undefined;
    const labels: Array<{ value: number; x: number }> = [];
    for (const t of line.items) {
      const s = t.str.trim();
      const word = BAR_UNITS[s.toLowerCase()];
      if (word !== undefined) {
        metresPerUnit = word;
        continue;
      }
      const m = BAR_LABEL.exec(s);
      if (!m) {
        labels.length = 0;
        break;
      }
      if (m[2]) metresPerUnit = BAR_UNITS[m[2].toLowerCase()];
      // A label with a unit suffix is centred on its number: take the number's share of the width.
      const share = m[2] ? (m[1] ?? '').length / s.length : 1;
      labels.push({ value: Number(m[1]), x: t.x + (t.width * share) / 2 });
    }
    const first = labels[0];
    const last = labels[labels.length - 1];
    if (!first || !last || labels.length < 3 || metresPerUnit === undefined || first.value !== 0) continue;
    const span = last.x - first.x;
    if (!(span > 0) || !(last.value > 0)) continue;
    const fits = labels.every(
      (l, i) =>
        (i === 0 || l.value > (labels[i - 1]?.value ?? Infinity) - 1e-9) &&
        Math.abs(first.x + (span * l.value) / last.value - l.x) <= BAR_FIT * span,
    );
    if (!fits || !barLine(paths, first.x, last.x, line.y, 3 * line.height)) continue;
    const ratio = (last.value * metresPerUnit) / (span * unit * METRES_PER_POINT);
    return {
      scale: { text: `scale bar ${line.items.map((t) => t.str.trim()).join(' ')}`, ratio },
      at: { x: (first.x + last.x) / 2, y: line.y },
    };
  }
  return undefined;
}

/** The scale that applies at a point: the nearest note's. */
export function nearestScale(scales: readonly PlacedScale[], p: Vec2): PlacedScale | undefined {
  let best: PlacedScale | undefined;
  let bestDistance = Infinity;
  for (const s of scales) {
    const d = Math.hypot(s.at.x - p.x, s.at.y - p.y);
    if (d < bestDistance) {
      best = s;
      bestDistance = d;
    }
  }
  return best;
}

interface Baseline {
  y: number;
  x0: number;
  x1: number;
  height: number;
  items: Array<{ str: string; x: number; width: number }>;
}

/** Items further apart than this many text heights on one baseline are separate phrases (two notes). */
const PHRASE_GAP = 4;

/**
 * Text items grouped by baseline (to the point) and, on a baseline, into phrases where the gap between
 * items exceeds four text heights (when `phrases`); top of the page first, each left to right.
 */
function baselines(items: PageText[], phrases: boolean): Baseline[] {
  const lines = new Map<
    number,
    Array<{ str: string; x: number; width: number; y: number; height: number }>
  >();
  for (const t of items) {
    const [, , , d = 0, e = 0, f = 0] = t.transform ?? [];
    const key = Math.round(f);
    const line = lines.get(key) ?? [];
    line.push({ str: t.str ?? '', x: e, width: t.width ?? 0, y: f, height: Math.abs(t.height || d) });
    lines.set(key, line);
  }
  const out: Baseline[] = [];
  for (const [, line] of [...lines].sort((a, b) => b[0] - a[0])) {
    let phrase: Baseline | undefined;
    for (const t of line.sort((a, b) => a.x - b.x)) {
      const gap = phrase ? t.x - phrase.x1 : Infinity;
      if (!phrase || (phrases && gap > PHRASE_GAP * Math.max(phrase.height, t.height, 1))) {
        phrase = { y: t.y, x0: t.x, x1: t.x + t.width, height: t.height, items: [] };
        out.push(phrase);
      }
      phrase.items.push({ str: t.str, x: t.x, width: t.width });
      phrase.x1 = Math.max(phrase.x1, t.x + t.width);
      phrase.height = Math.max(phrase.height, t.height);
    }
  }
  return out;
}

/** A stroked horizontal segment from x0 to x1 (±3 % of the span) within `reach` of baseline y. */
function barLine(paths: readonly PaintedPath[], x0: number, x1: number, y: number, reach: number): boolean {
  const slack = BAR_FIT * (x1 - x0);
  return paths.some(
    (p) =>
      p.stroke &&
      p.subpaths.some((s) =>
        s.points.some((a, i) => {
          const b = s.points[i + 1];
          if (!b || Math.abs(a.y - b.y) > 0.5 || Math.abs(a.y - y) > reach) return false;
          const lo = Math.min(a.x, b.x);
          const hi = Math.max(a.x, b.x);
          return Math.abs(lo - x0) <= slack && Math.abs(hi - x1) <= slack;
        }),
      ),
  );
}
