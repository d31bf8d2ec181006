// What the drawing itself says about its unit: door swings, fixture sizes, text heights and dimensions.
import type { ExpandedDrawing } from './block-expander.normalizer.ts';
import type { BlockDefinition, DrawingEntity } from './drawing.model.ts';
import { findSwings, type Swing } from './door-swing.detector.ts';
import type { ElementClassifier } from './element-class.classifier.ts';

/** A fixture's larger plan side (drawing units) and the range (metres) real ones of its kind have. */
export interface FixtureSize {
  kind: string;
  size: number;
  range: { min: number; max: number };
}

/** A dimension: the distance it measures (drawing units) and what it shows, read as metres or a bare number. */
export interface DimensionReading {
  measurement: number;
  shown: string;
  /** Set when the shown text carries its unit (12'-6", 3.50 m, 350 mm). */
  metres: number | undefined;
  /** Set when the shown text is a bare number. */
  value: number | undefined;
}

/** Everything measured in drawing units that a real unit must make plausible. */
export interface UnitEvidence {
  /** Larger side of the geometry extents. */
  size: number;
  /** Radii of door swings (arcs with a leaf line, or on door layers and blocks). */
  doors: number[];
  fixtures: FixtureSize[];
  textHeights: number[];
  dimensions: DimensionReading[];
}

/** Plan sizes (metres, larger side) of fixtures by block-name keyword; the first match wins. */
const FIXTURE_KINDS: Array<[RegExp, string, { min: number; max: number }]> = [
  [/toilet|\bwc\b|wc[-_ \d]|^wc|inodoro|water.?closet/i, 'toilet', { min: 0.55, max: 0.9 }],
  [/bath|tub|baignoire|badewanne|banera|bañera|vasca/i, 'bath', { min: 1.2, max: 2.0 }],
  [/shower|dusche|ducha|douche/i, 'shower', { min: 0.7, max: 1.6 }],
  [/sink|basin|lav|lavabo|waschbecken|evier|fregadero/i, 'sink', { min: 0.3, max: 1.2 }],
  [/urinal/i, 'urinal', { min: 0.3, max: 0.7 }],
  [/fridge|refrig|\brange\b|stove|oven|washer|dryer|dishw/i, 'appliance', { min: 0.5, max: 1.0 }],
  [/parking|stall/i, 'parking stall', { min: 4.5, max: 6.5 }],
];

/** Collects the evidence of `expanded` (swings already found may be passed in). */
export function collectUnitEvidence(
  expanded: ExpandedDrawing,
  blocks: Map<string, BlockDefinition>,
  dimensions: DrawingEntity[],
  classifier: ElementClassifier,
  size: number,
  swings: Swing[] = findSwings(expanded),
): UnitEvidence {
  const doors = swings
    .filter((s) => s.leaf !== undefined || classOf(classifier, expanded, s) === 'door')
    .map((s) => s.radius);
  const textHeights = expanded.entities.flatMap((e) =>
    e.geometry.kind === 'text' && e.geometry.height > 0 && e.geometry.text.trim() ? [e.geometry.height] : [],
  );
  return {
    size,
    doors,
    fixtures: fixtureSizes(expanded),
    textHeights,
    dimensions: dimensions.flatMap((d) => {
      const reading = d.kind === 'dimension' ? readDimension(d, blocks) : undefined;
      return reading ? [reading] : [];
    }),
  };
}

function classOf(classifier: ElementClassifier, expanded: ExpandedDrawing, s: Swing): string {
  const e = expanded.entities[s.entity];
  return e ? classifier.entity(e).elementClass : 'unclassified';
}

/** Plan sizes of inserts whose block name says what they are (the innermost such insert of each entity). */
function fixtureSizes(expanded: ExpandedDrawing): FixtureSize[] {
  const kindOf = new Map<number, number | undefined>();
  const named = (id: number | undefined): number | undefined => {
    if (id === undefined) return undefined;
    if (kindOf.has(id)) return kindOf.get(id);
    const inst = expanded.instances[id];
    const own = FIXTURE_KINDS.some(([re]) => re.test(inst?.block ?? '')) ? id : undefined;
    const outer = own === undefined ? named(inst?.parent) : undefined;
    kindOf.set(id, own ?? outer);
    return own ?? outer;
  };
  const boxes = new Map<number, { x0: number; y0: number; x1: number; y1: number }>();
  for (const e of expanded.entities) {
    const root = named(e.instance);
    if (root === undefined || e.geometry.kind !== 'path') continue;
    const b = boxes.get(root) ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    for (const v of e.geometry.vertices) {
      b.x0 = Math.min(b.x0, v.x);
      b.y0 = Math.min(b.y0, v.y);
      b.x1 = Math.max(b.x1, v.x);
      b.y1 = Math.max(b.y1, v.y);
    }
    boxes.set(root, b);
  }
  const out: FixtureSize[] = [];
  for (const [root, b] of boxes) {
    const name = expanded.instances[root]?.block ?? '';
    const kind = FIXTURE_KINDS.find(([re]) => re.test(name));
    const size = Math.max(b.x1 - b.x0, b.y1 - b.y0);
    if (kind && size > 0) out.push({ kind: kind[1], size, range: kind[2] });
  }
  return out;
}

/** What a dimension shows: its override text, else the text drawn in its block. */
function readDimension(
  d: Extract<DrawingEntity, { kind: 'dimension' }>,
  blocks: Map<string, BlockDefinition>,
): DimensionReading | undefined {
  if (d.measurement === undefined || !(d.measurement > 0)) return undefined;
  const override = d.text.trim();
  const drawn = d.block
    ? blocks.get(d.block)?.entities.find((e) => e.kind === 'text' && e.text.trim())
    : undefined;
  const shown =
    override && !override.includes('<>') ? override : drawn?.kind === 'text' ? drawn.text : undefined;
  if (shown === undefined) return undefined;
  const read = readLength(plainText(shown));
  return read ? { measurement: d.measurement, shown: plainText(shown), ...read } : undefined;
}

/** MTEXT without its formatting codes; stacked fractions become ` a/b`. */
export function plainText(raw: string): string {
  return raw
    .replace(/\\S([^;^#/]*)[/#^]([^;]*);/g, ' $1/$2')
    .replace(/\\P/g, ' ')
    .replace(/\\[A-Za-z][^;\\{}]*;/g, '')
    .replace(/[{}]/g, '')
    .replace(/%%[cCdDpP]/g, '')
    .trim();
}

const FEET_INCHES = /^(\d+(?:\.\d+)?)'(?:\s*-?\s*(\d+(?:\.\d+)?)?(?:\s*(\d+)\/(\d+))?\s*"?)?$/;
const INCHES = /^(\d+(?:\.\d+)?)?(?:\s*(\d+)\/(\d+))?\s*"$/;
const WITH_UNIT = /^(\d+(?:[.,]\d+)?)\s*(mm|cm|m)$/i;
const BARE = /^[RrØ]?\s*(\d+(?:[.,]\d+)?)$/;

/** Reads a shown length: feet-inches, inches, a number with a metric unit, or a bare number. */
export function readLength(
  text: string,
): { metres: number | undefined; value: number | undefined } | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  const fi = FEET_INCHES.exec(t);
  if (fi) {
    const inches = Number(fi[2] ?? 0) + (fi[3] && fi[4] ? Number(fi[3]) / Number(fi[4]) : 0);
    return { metres: Number(fi[1]) * 0.3048 + inches * 0.0254, value: undefined };
  }
  const inch = INCHES.exec(t);
  if (inch && (inch[1] || inch[2])) {
    const inches = Number(inch[1] ?? 0) + (inch[2] && inch[3] ? Number(inch[2]) / Number(inch[3]) : 0);
    return { metres: inches * 0.0254, value: undefined };
  }
  const unit = WITH_UNIT.exec(t);
  if (unit) {
    const scale = { mm: 0.001, cm: 0.01, m: 1 }[(unit[2] ?? 'm').toLowerCase() as 'mm' | 'cm' | 'm'];
    return { metres: number(unit[1] ?? '') * scale, value: undefined };
  }
  const bare = BARE.exec(t);
  return bare ? { metres: undefined, value: number(bare[1] ?? '') } : undefined;
}

function number(s: string): number {
  return Number(s.replace(',', '.'));
}
