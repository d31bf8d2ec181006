/**
 * Common material names → catalog keys, for raw material maps such as the seed payload
 * `{"concrete": 100, "steel": 50, "wood": 75}`.
 *
 * A name resolves, after normalizeName() (case, accents and punctuation ignored, so "Structural-Steel",
 * "structural_steel" and "STRUCTURAL STEEL" are one name), to the first of:
 *   1. a catalog key ("structural steel" → structural_steel);
 *   2. an alias below whose target is in the catalog ("steel" → structural_steel);
 *   3. the same after dropping a plural "s"/"es" ("bricks" → brick, "doors" → door).
 * Anything else is unknown and the estimate is refused (422 naming it), never guessed.
 *
 * Choices worth knowing: "steel" means structural steel (rebar is "rebar"/"reinforcement"); "wood" and
 * "lumber" mean framing timber; "stud" means the metal stud the takeoff emits; "block"/"cmu" mean concrete
 * masonry units; "tile(s)" means floor tile; "fixture", "toilet", "sink" mean a plumbing fixture.
 */
import { UnknownMaterialError } from './costs.errors.ts';
import { buildNameIndex, nearestInIndex, normalizeName, type NameIndex } from './text-match.ts';

/** Alias (in normal form) → catalog key. */
export const MATERIAL_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'ready mix': 'concrete',
  readymix: 'concrete',
  'ready mix concrete': 'concrete',
  'cast in place concrete': 'concrete',
  reinforcement: 'rebar',
  'reinforcing steel': 'rebar',
  'reinforcing bar': 'rebar',
  'reinforcement steel': 'rebar',
  'steel reinforcement': 'rebar',
  forms: 'formwork',
  shuttering: 'formwork',
  steel: 'structural_steel',
  steelwork: 'structural_steel',
  'steel beam': 'structural_steel',
  'steel section': 'structural_steel',
  'face brick': 'brick',
  brickwork: 'brick',
  block: 'concrete_block',
  cmu: 'concrete_block',
  'concrete masonry unit': 'concrete_block',
  'masonry block': 'concrete_block',
  'cinder block': 'concrete_block',
  'masonry mortar': 'mortar',
  gypsum: 'drywall',
  'gypsum board': 'drywall',
  'gypsum wallboard': 'drywall',
  plasterboard: 'drywall',
  wallboard: 'drywall',
  sheetrock: 'drywall',
  stud: 'metal_stud',
  'steel stud': 'metal_stud',
  'metal framing': 'metal_stud',
  wood: 'timber',
  lumber: 'timber',
  softwood: 'timber',
  glazing: 'glass',
  'thermal insulation': 'insulation',
  batt: 'insulation',
  piping: 'pipe',
  pipework: 'pipe',
  tile: 'floor_tile',
  'floor tiling': 'floor_tile',
  'ceramic tile': 'floor_tile',
  plastering: 'plaster',
  render: 'plaster',
  painting: 'paint',
  paintwork: 'paint',
  roof: 'roofing',
  'roof membrane': 'roofing',
  fixture: 'plumbing_fixture',
  'sanitary fixture': 'plumbing_fixture',
  toilet: 'plumbing_fixture',
  sink: 'plumbing_fixture',
  lavatory: 'plumbing_fixture',
});

/** Normal form → catalog key for every key and alias whose target is one of `catalogKeys`. */
export function buildMaterialIndex(catalogKeys: Iterable<string>): Map<string, string> {
  const keys = new Set(catalogKeys);
  const index = new Map<string, string>();
  for (const [alias, key] of Object.entries(MATERIAL_ALIASES)) if (keys.has(key)) index.set(alias, key);
  // Catalog keys win over aliases of the same spelling.
  for (const key of keys) {
    index.set(normalizeName(key), key);
    index.set(key, key); // the exact key as the takeoff emits it: lets resolution skip normalising
  }
  return index;
}

function singulars(normal: string): string[] {
  if (normal.endsWith('es')) return [normal.slice(0, -1), normal.slice(0, -2)];
  if (normal.endsWith('s') && !normal.endsWith('ss')) return [normal.slice(0, -1)];
  return [];
}

/** The catalog key `name` resolves to through `index`, or undefined. */
export function resolveMaterialName(name: string, index: ReadonlyMap<string, string>): string | undefined {
  // Fast path: an exact catalog key or a name already in normal form.
  const exact = index.get(name);
  if (exact !== undefined) return exact;
  const normal = normalizeName(name);
  const direct = index.get(normal);
  if (direct !== undefined) return direct;
  for (const singular of singulars(normal)) {
    const key = index.get(singular);
    if (key !== undefined) return key;
  }
  return undefined;
}

/**
 * Most distinct unknown names of one request that get "did you mean" suggestions: fuzzy matching runs on
 * the event loop, and a map of 500 made-up names must not cost 500 catalog scans (5 cost about a millisecond).
 */
export const MAX_SUGGESTED_NAMES = 5;

/** Names longer than this are not fuzzy-matched (no catalog name is anywhere near that long). */
const MAX_SUGGESTED_NAME_LENGTH = 100;

// One prepared index per catalog name map (catalogs are immutable once built).
const nameIndexes = new WeakMap<ReadonlyMap<string, string>, NameIndex>();

function nameIndexOf(index: ReadonlyMap<string, string>): NameIndex {
  let prepared = nameIndexes.get(index);
  if (!prepared) {
    const formsByKey = new Map<string, string[]>();
    for (const [form, key] of index) formsByKey.set(key, [...(formsByKey.get(key) ?? []), form]);
    prepared = buildNameIndex([...formsByKey].map(([label, forms]) => ({ label, forms })));
    nameIndexes.set(index, prepared);
  }
  return prepared;
}

/**
 * Error for names that did not resolve, with up to 3 nearest keys or aliases for each of the first
 * MAX_SUGGESTED_NAMES distinct names; the others are listed as unknown (`details.materials`) with no
 * entry in `details.suggestions`, and `details.suggestions_omitted` says how many and why.
 */
export function unknownMaterialError(
  names: string[],
  index: ReadonlyMap<string, string>,
): UnknownMaterialError {
  const distinct = [...new Set(names)];
  const suggestions: Record<string, string[]> = {};
  let omitted = 0;
  let suggested = 0;
  for (const name of distinct) {
    if (suggested < MAX_SUGGESTED_NAMES && name.length <= MAX_SUGGESTED_NAME_LENGTH) {
      suggested++;
      suggestions[name] = nearestInIndex(nameIndexOf(index), name, 3);
    } else {
      omitted++; // listed in `materials` only: an empty entry per name would double a 422 of 500 names
    }
  }
  return new UnknownMaterialError(
    distinct,
    suggestions,
    omitted === 0
      ? undefined
      : {
          materials: omitted,
          reason: `suggestions are given for the first ${MAX_SUGGESTED_NAMES} unknown names of up to ${MAX_SUGGESTED_NAME_LENGTH} characters`,
        },
  );
}
