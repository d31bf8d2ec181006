// Sheet scale notes read off a PDF page's text: architectural, engineering, metric and written-out forms.

/** A scale found on a sheet: the note as written and real length / paper length. */
export interface SheetScale {
  text: string;
  ratio: number;
}

const INCH = `(?:"|”|″|''|’’|\\s*in(?:ch(?:es)?)?\\.?)`;
const FOOT = `(?:'|’|′|\\s*f(?:oo|ee)?t\\.?)`;
// 1/8" = 1'-0" · 3/16" = 1' · 1 1/2" = 1'-0" · 1" = 20' · 0.25 in = 1 ft
const IMPERIAL = new RegExp(
  `(?<![\\d/.])((?:\\d+\\s+)?\\d+\\s*/\\s*\\d+|\\d+(?:\\.\\d+)?)\\s*${INCH}\\s*=\\s*(\\d+(?:\\.\\d+)?)\\s*${FOOT}(?:\\s*-?\\s*(\\d+(?:\\s+\\d+/\\d+)?)\\s*${INCH}?)?`,
  'i',
);
// 1:100 · 1 : 50 @ A1 · M 1:200
const METRIC = /(?<![\d.:])1\s*:\s*(\d+(?:[.,]\d+)?)(?![\d:])(?:\s*(?:@|at)\s*(A[0-4])\b)?/i;
const FULL_SIZE = /\bfull\s+size\b/i;
const WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  half: 1 / 2,
  quarter: 1 / 4,
  eighth: 1 / 8,
  sixteenth: 1 / 16,
  'three eighths': 3 / 8,
  'three sixteenths': 3 / 16,
  'three quarters': 3 / 4,
  'one half': 1 / 2,
  'one quarter': 1 / 4,
  'one eighth': 1 / 8,
  'one sixteenth': 1 / 16,
};
// "one quarter inch equals one foot", "1/8 inch to the foot"
const WRITTEN = new RegExp(
  `\\b(${Object.keys(WORDS)
    .sort((a, b) => b.length - a.length)
    .join(
      '|',
    )}|\\d+/\\d+)\\s+(?:of\\s+an\\s+)?inch(?:es)?\\s+(?:equals|=|to|per)\\s+(?:the\\s+)?(one|\\d+)?\\s*f(?:oo|ee)t\\b`,
  'i',
);

/** ISO A-series short sides in millimetres (each is the next size's long side, so A1 → A3 is exactly 2). */
const ISO_SHORT_SIDE_MM: Record<string, number> = { A0: 841, A1: 594, A2: 420, A3: 297, A4: 210 };

/**
 * The scale a text line states, or undefined. `pageShortSideMm` corrects `1:50 @ A1` when the page is not A1
 * (an A1 sheet printed on A3 is at 1:100).
 */
export function parseScaleNote(line: string, pageShortSideMm?: number): SheetScale | undefined {
  const text = line.replace(/\s+/g, ' ').trim();
  const imperial = IMPERIAL.exec(text);
  if (imperial) {
    const paper = fraction(imperial[1] ?? '');
    const real = Number(imperial[2]) * 12 + (imperial[3] ? fraction(imperial[3]) : 0);
    if (paper > 0 && real > 0) return { text: imperial[0].trim(), ratio: real / paper };
  }
  const metric = METRIC.exec(text);
  if (metric) {
    let ratio = Number((metric[1] ?? '').replace(',', '.'));
    const sheet = metric[2]?.toUpperCase();
    const stated = sheet ? ISO_SHORT_SIDE_MM[sheet] : undefined;
    if (stated && pageShortSideMm && Math.abs(pageShortSideMm / stated - 1) > 0.02) {
      // a page within a millimetre of an ISO size is that size (page boxes are stored in rounded points)
      const iso = Object.values(ISO_SHORT_SIDE_MM).find((mm) => Math.abs(mm - pageShortSideMm) < 1);
      ratio *= stated / (iso ?? pageShortSideMm);
    }
    if (ratio > 0) return { text: metric[0].trim(), ratio };
  }
  const written = WRITTEN.exec(text);
  if (written) {
    const paperWord = (written[1] ?? '').toLowerCase();
    const paper = WORDS[paperWord] ?? fraction(paperWord);
    const feet = written[2] ? (WORDS[written[2].toLowerCase()] ?? Number(written[2])) : 1;
    if (paper > 0 && feet > 0) return { text: written[0], ratio: (feet * 12) / paper };
  }
  if (FULL_SIZE.test(text)) return { text: 'FULL SIZE', ratio: 1 };
  return undefined;
}

/** `3/16` → 0.1875, `1 1/2` → 1.5, `0.25` → 0.25. */
function fraction(s: string): number {
  const m = /^(?:(\d+)\s+)?(\d+)\s*\/\s*(\d+)$/.exec(s.trim());
  if (!m) return Number(s);
  const whole = Number(m[1] ?? 0);
  const den = Number(m[3]);
  return den > 0 ? whole + Number(m[2]) / den : NaN;
}
