// Drawing units: $INSUNITS, checked against the drawing's size and its dimension style, with the reason kept.
import type { DrawingHeader } from './drawing.model.ts';

/** The unit chosen for a drawing and why. */
export interface UnitDecision {
  /** $INSUNITS as declared in the file (undefined when absent). */
  declared: number | undefined;
  /** The $INSUNITS code actually used. */
  insunits: number;
  name: string;
  metresPerUnit: number;
  reason: string;
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

/** Size range (metres) of model space in which a declared unit is believed. */
const BELIEVABLE = { min: 0.05, max: 20_000 };
/** Narrower range (metres) a guessed unit must give: a building or a site. */
const PLAUSIBLE = { min: 1, max: 3000 };
/** Candidate units tried when the declared one is missing or implausible, most common first. */
const CANDIDATES = [4, 6, 5, 1, 2];

/**
 * Decides the drawing unit. `size` is the larger side of the geometry extents in drawing units.
 * Declared units win while they give a plausible building size; an imperial dimension style with a
 * metric declaration is resolved towards inches when that is plausible too (files lie that way).
 */
export function decideUnits(header: DrawingHeader, size: number): UnitDecision {
  const declared = header.insunits;
  const imperialStyle = header.measurement === 0 || header.dimlunit === 3 || header.dimlunit === 4;
  const sizeText = (code: number): string => `${(size * metres(code)).toFixed(2)} m`;
  const known = declared !== undefined && UNITS[declared] !== undefined;
  if (size <= 0) {
    const code = known ? declared : imperialStyle ? 1 : 4;
    return decision(
      declared,
      code,
      `${known ? `$INSUNITS=${declared}` : 'no usable $INSUNITS; assumed'} (no geometry to check)`,
    );
  }
  if (known) {
    const plausible = fits(size, declared, BELIEVABLE);
    if (plausible && !(imperialStyle && isMetric(declared) && fits(size, 1))) {
      return decision(
        declared,
        declared,
        `$INSUNITS=${declared} (${UNITS[declared]?.name}); extents ${sizeText(declared)} are plausible`,
      );
    }
    if (plausible) {
      return decision(
        declared,
        1,
        `$INSUNITS=${declared} declares metric but the dimension style is imperial and extents ${sizeText(1)} are plausible in inches`,
      );
    }
  }
  const order = imperialStyle ? [1, 2, ...CANDIDATES] : CANDIDATES;
  const guess = order.find((c) => fits(size, c));
  const why = known
    ? `$INSUNITS=${declared} gives implausible extents ${sizeText(declared)}`
    : `$INSUNITS is ${declared ?? 'absent'}`;
  if (guess === undefined) {
    const kept = known ? declared : 4;
    return decision(
      declared,
      kept,
      `${why}; no unit gives a building-sized drawing, assumed ${UNITS[kept]?.name ?? 'millimetres'} (extents ${sizeText(kept)})`,
    );
  }
  return decision(
    declared,
    guess,
    `${why}; using ${UNITS[guess]?.name ?? 'millimetres'}, which gives extents ${sizeText(guess)}`,
  );
}

function metres(code: number): number {
  return UNITS[code]?.metres ?? 0.001;
}

function fits(size: number, code: number, range = PLAUSIBLE): boolean {
  const m = size * metres(code);
  return m >= range.min && m <= range.max;
}

function isMetric(code: number): boolean {
  return [4, 5, 6, 7, 14].includes(code);
}

function decision(declared: number | undefined, code: number, reason: string): UnitDecision {
  const unit = UNITS[code] ?? { name: 'millimetres', metres: 0.001 };
  return { declared, insunits: UNITS[code] ? code : 4, name: unit.name, metresPerUnit: unit.metres, reason };
}
