// Drawing units from evidence: the header, door swings, fixtures, text heights and dimensions vote;
// the unit with the best weighted agreement wins, with its reason, a confidence and any conflict.
import type { DrawingHeader } from './drawing.model.ts';
import type { UnitEvidence } from './unit-evidence.detector.ts';

/** A unit a user may force for one file. */
export const UNIT_OVERRIDES = ['in', 'ft', 'mm', 'cm', 'm'] as const;
/** One of {@link UNIT_OVERRIDES}. */
export type UnitOverride = (typeof UNIT_OVERRIDES)[number];

/** One kind of evidence as weighed for the chosen unit. */
export interface UnitVote {
  kind: 'header' | 'dimension style' | 'extents' | 'doors' | 'fixtures' | 'text heights' | 'dimensions';
  /** Items of this kind, and how many of them agree with the chosen unit. */
  items: number;
  agree: number;
  weight: number;
  detail: string;
}

/** The unit chosen for a drawing and why. */
export interface UnitDecision {
  /** $INSUNITS as declared in the file (undefined when absent). */
  declared: number | undefined;
  /** The $INSUNITS code actually used. */
  insunits: number;
  name: string;
  metresPerUnit: number;
  reason: string;
  /** 0…1: the weighted share of evidence that agrees, less half the runner-up's. */
  confidence: number;
  /** The evidence behind the choice. */
  votes: UnitVote[];
  /** The per-file override used, if any. */
  override: UnitOverride | null;
  /** Set when the header (or the override) disagrees with the evidence. */
  conflict: string | null;
}

const UNITS: Record<number, { name: string; metres: number }> = {
  1: { name: 'inches', metres: 0.0254 },
  2: { name: 'feet', metres: 0.3048 },
  3: { name: 'miles', metres: 1609.344 },
  4: { name: 'millimetres', metres: 0.001 },
  5: { name: 'centimetres', metres: 0.01 },
  6: { name: 'metres', metres: 1 },
  7: { name: 'kilometres', metres: 1000 },
  8: { name: 'microinches', metres: 2.54e-8 },
  9: { name: 'mils', metres: 2.54e-5 },
  10: { name: 'yards', metres: 0.9144 },
  14: { name: 'decimetres', metres: 0.1 },
};
const OVERRIDE_CODES: Record<UnitOverride, number> = { in: 1, ft: 2, mm: 4, cm: 5, m: 6 };

/** Size range (metres) of model space in which a declared unit is believed at all. */
const BELIEVABLE = { min: 0.05, max: 20_000 };
/** Candidate units, most common first (imperial first when the dimension style is imperial). */
const CANDIDATES = [4, 6, 5, 1, 2];
/** Plausible real sizes (metres). */
const DOOR_LEAF = { min: 0.6, max: 1.25 };
const MODEL_TEXT = { min: 0.03, max: 1.5 };
const DIMENSION = { min: 0.02, max: 500 };

interface Kind {
  kind: UnitVote['kind'];
  weight: number;
  items: number;
  /** How many items agree with a unit of `m` metres per drawing unit. */
  agree: (code: number) => number;
  detail: (code: number) => string;
}

/** Decides the drawing unit from the header and the evidence; an override wins but is checked too. */
export function decideUnits(
  header: DrawingHeader,
  evidence: UnitEvidence,
  override?: UnitOverride,
): UnitDecision {
  const declared = header.insunits;
  const kinds = evidenceKinds(header, evidence);
  const imperial = header.measurement === 0 || header.dimlunit === 3 || header.dimlunit === 4;
  const order = [...new Set([...(imperial ? [1, 2] : []), ...CANDIDATES])];
  if (declared !== undefined && UNITS[declared] && !order.includes(declared)) order.push(declared);
  const scored = order.map((code) => ({ code, score: score(kinds, code) }));
  // Ties go to the declared unit, then to the more common one (stable sort keeps `order`).
  scored.sort((a, b) => b.score - a.score || Number(b.code === declared) - Number(a.code === declared));
  const best = scored[0] ?? { code: 4, score: 0 };
  const second = scored[1]?.score ?? 0;
  const chosen = override ? OVERRIDE_CODES[override] : best.code;
  const votes = kinds.map((k) => ({
    kind: k.kind,
    items: k.items,
    agree: k.agree(chosen),
    weight: round(k.weight),
    detail: k.detail(chosen),
  }));
  const unit = UNITS[chosen] ?? { name: 'millimetres', metres: 0.001 };
  const said = votes.map((v) => `${v.kind} ${v.agree}/${v.items} (${v.detail})`).join('; ');
  const known = declared !== undefined && UNITS[declared] !== undefined;
  let conflict: string | null = null;
  if (override && best.code !== chosen && best.score > 0)
    conflict = `units set to ${override} for this file, but the drawing's evidence points to ${UNITS[best.code]?.name}`;
  else if (!override && known && declared !== chosen)
    conflict = `$INSUNITS=${declared} declares ${UNITS[declared]?.name}, but the drawing's evidence says ${unit.name}`;
  const reason = override
    ? `set to ${override} for this file${said ? `; evidence: ${said}` : ''}`
    : `${unit.name} agree best with the evidence: ${said || 'none'}`;
  return {
    declared,
    insunits: chosen,
    name: unit.name,
    metresPerUnit: unit.metres,
    reason,
    confidence: override ? 1 : round(Math.max(0, Math.min(1, best.score - second / 2))),
    votes,
    override: override ?? null,
    conflict,
  };
}

/** Weighted share of evidence that agrees with `code`. */
function score(kinds: Kind[], code: number): number {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  if (total === 0) return 0;
  return kinds.reduce((s, k) => s + (k.weight * k.agree(code)) / Math.max(k.items, 1), 0) / total;
}

function evidenceKinds(header: DrawingHeader, ev: UnitEvidence): Kind[] {
  const m = (code: number): number => UNITS[code]?.metres ?? 0.001;
  const kinds: Kind[] = [];
  const declared = header.insunits;
  if (declared !== undefined && UNITS[declared]) {
    const s = ev.size * m(declared);
    // A header giving a model space smaller than a coin or larger than a city is not believed.
    const believable = ev.size === 0 || (s >= BELIEVABLE.min && s <= BELIEVABLE.max);
    kinds.push({
      kind: 'header',
      weight: believable ? 2 : 0,
      items: 1,
      agree: (code) => Number(code === declared),
      detail: () => `$INSUNITS=${declared} (${UNITS[declared]?.name})${believable ? '' : ', not believed'}`,
    });
  }
  if (header.measurement === 0 || header.dimlunit === 3 || header.dimlunit === 4) {
    kinds.push({
      kind: 'dimension style',
      weight: 1,
      items: 1,
      agree: (code) => Number(code === 1 || code === 2),
      detail: () => `imperial ($MEASUREMENT=${header.measurement}, $DIMLUNIT=${header.dimlunit})`,
    });
  }
  if (ev.size > 0) {
    kinds.push({
      kind: 'extents',
      weight: 1,
      items: 1,
      // A building or a site: 5–300 m fully, 1–3000 m half.
      agree: (code) => {
        const s = ev.size * m(code);
        return s >= 5 && s <= 300 ? 1 : s >= 1 && s <= 3000 ? 0.5 : 0;
      },
      detail: (code) => `${fmt(ev.size * m(code))} m across`,
    });
  }
  const ranged = (
    kind: UnitVote['kind'],
    values: number[],
    weight: number,
    range: (i: number) => { min: number; max: number },
    full: number,
  ): void => {
    if (values.length === 0) return;
    kinds.push({
      kind,
      weight: weight * Math.min(1, values.length / full),
      items: values.length,
      agree: (code) =>
        values.filter((v, i) => v * m(code) >= range(i).min && v * m(code) <= range(i).max).length,
      detail: (code) => spread(values.map((v) => v * m(code))),
    });
  };
  ranged('doors', ev.doors, 3, () => DOOR_LEAF, 3);
  ranged(
    'fixtures',
    ev.fixtures.map((f) => f.size),
    2,
    (i) => ev.fixtures[i]?.range ?? { min: 0, max: 0 },
    2,
  );
  ranged('text heights', ev.textHeights, 1, () => MODEL_TEXT, 3);
  const exact = ev.dimensions.filter((d) => d.metres !== undefined);
  if (exact.length > 0) {
    kinds.push({
      kind: 'dimensions',
      weight: 6 * Math.min(1, exact.length / 2),
      items: exact.length,
      agree: (code) =>
        exact.filter((d) => Math.abs(((d.metres ?? 0) / d.measurement) * (1 / m(code)) - 1) <= 0.01).length,
      detail: () => `shown ${exact[0]?.shown} for ${fmt(exact[0]?.measurement ?? 0)} units`,
    });
  }
  // Bare numbers shown as measured: only their size says anything.
  const bare = ev.dimensions.filter(
    (d) => d.value !== undefined && Math.abs(d.value / d.measurement - 1) <= 0.01,
  );
  ranged(
    'dimensions',
    bare.map((d) => d.measurement),
    1.5,
    () => DIMENSION,
    3,
  );
  return kinds;
}

function spread(metres: number[]): string {
  const sorted = [...metres].sort((a, b) => a - b);
  const lo = sorted[0] ?? 0;
  const hi = sorted[sorted.length - 1] ?? 0;
  return lo === hi ? `${fmt(lo)} m` : `${fmt(lo)}–${fmt(hi)} m`;
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(2);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
