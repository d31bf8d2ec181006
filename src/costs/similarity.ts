/**
 * Similar-estimate search over material-quantity vectors, designed for PostgreSQL 15's `cube` extension.
 *
 * Vector: one dimension per key of SIMILARITY_BASIS (fixed order; changing it bumps
 * SIMILARITY_BASIS_VERSION and means re-computing stored vectors). Each quantity q (catalog unit) becomes
 * log1p(q), then the vector is scaled to unit length. The log damps scale so that the mix of materials
 * matters more than the size of the job (a house and a tower of the same mix land close), and the unit
 * length makes euclidean distance a function of cosine alone:
 *
 *   ‖a − b‖² = 2 − 2·cos(a, b)   so   cos = 1 − d²/2   (distanceToCosine)
 *
 * Hence `ORDER BY vector <-> $query::cube` on a GiST index returns neighbours in cosine order. Quantities
 * are non-negative, so cosine lies in [0, 1]. Materials outside the basis are ignored; a map with no
 * positive basis quantity has no vector (toVector returns null: store NULL, it is never a neighbour).
 * `cube` accepts at most 100 dimensions (CUBE_MAX_DIM), so the basis stays ≤ 100 keys.
 *
 * Location: score = cosine × (same location ? 1 : OTHER_LOCATION_WEIGHT). Prices differ by place, so an
 * estimate from the same city is preferred, but a much closer mix elsewhere still wins. Exact top-N with
 * an index: take the N nearest overall and the N nearest in the same location, then rankSimilar() —
 * anything that belongs in the final top N is in one of those two lists (an other-location hit whose
 * cosine is beaten by N others is also beaten by them in score).
 */

import type { SimilarEstimate } from './costs.schemas.ts';

/** Version of the basis below; store it with each vector. */
export const SIMILARITY_BASIS_VERSION = 1;

/** Fixed dimension order of the vector (catalog keys). Append only, and bump the version. */
export const SIMILARITY_BASIS: readonly string[] = Object.freeze([
  'concrete',
  'rebar',
  'formwork',
  'structural_steel',
  'brick',
  'concrete_block',
  'mortar',
  'drywall',
  'metal_stud',
  'timber',
  'glass',
  'insulation',
  'door',
  'window',
  'pipe',
  'floor_tile',
  'plaster',
  'paint',
  'roofing',
  'plumbing_fixture',
]);

/** Largest dimension count the PostgreSQL `cube` type accepts by default. */
export const CUBE_MAX_DIMENSIONS = 100;

/** Weight of the cosine of an estimate from a different location. */
export const OTHER_LOCATION_WEIGHT = 0.9;

const BASIS_POSITION = new Map(SIMILARITY_BASIS.map((key, i) => [key, i]));

/** Unit vector over SIMILARITY_BASIS of log1p(quantity), or null when no basis material has quantity > 0. */
export function toVector(quantities: Readonly<Record<string, number>>): number[] | null {
  const vector = new Array<number>(SIMILARITY_BASIS.length).fill(0);
  for (const [key, quantity] of Object.entries(quantities)) {
    const position = BASIS_POSITION.get(key);
    if (position !== undefined && Number.isFinite(quantity) && quantity > 0) {
      vector[position] = (vector[position] ?? 0) + Math.log1p(quantity);
    }
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) return null;
  const scale = 1 / Math.sqrt(norm);
  return vector.map((value) => value * scale);
}

/** Cosine similarity of two vectors of equal length (0 when either is all zeros). */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`Vectors differ in length: ${a.length} and ${b.length}.`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Cosine of two unit vectors from their euclidean distance (cube `<->`): 1 − d²/2, clamped to [−1, 1]. */
export function distanceToCosine(distance: number): number {
  return Math.min(1, Math.max(-1, 1 - (distance * distance) / 2));
}

/** Euclidean distance between unit vectors whose cosine is `cosine` (inverse of distanceToCosine). */
export function cosineToDistance(cosine: number): number {
  return Math.sqrt(Math.max(0, 2 - 2 * cosine));
}

/** SQL literal for the `cube` type, e.g. "(0.6, 0.8, 0)"; pass as a parameter and cast with `$1::cube`. */
export function toCubeLiteral(vector: readonly number[]): string {
  if (vector.length === 0 || vector.length > CUBE_MAX_DIMENSIONS) {
    throw new RangeError(`A cube has 1 to ${CUBE_MAX_DIMENSIONS} dimensions, not ${vector.length}.`);
  }
  return `(${vector.map((value) => (Number.isFinite(value) ? String(value) : '0')).join(', ')})`;
}

/** Location-adjusted score of a neighbour. */
export function similarityScore(cosine: number, sameLocation: boolean): number {
  return cosine * (sameLocation ? 1 : OTHER_LOCATION_WEIGHT);
}

/** Keys with a positive quantity in both maps, in basis order then alphabetical. */
export function sharedMaterials(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): string[] {
  const shared = Object.keys(a).filter((key) => (a[key] ?? 0) > 0 && (b[key] ?? 0) > 0);
  const rank = (key: string): number => BASIS_POSITION.get(key) ?? SIMILARITY_BASIS.length;
  return shared.sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
}

/** A stored estimate offered as a neighbour: its id, location and vector (or cube distance) and quantities. */
export interface SimilarCandidate {
  readonly id: string;
  readonly locationKey: string;
  readonly quantities: Readonly<Record<string, number>>;
  /** Either the stored vector or the `<->` distance the database computed. */
  readonly vector?: readonly number[];
  readonly distance?: number;
}

function candidateCosine(query: readonly number[], candidate: SimilarCandidate): number {
  if (candidate.distance !== undefined) return distanceToCosine(candidate.distance);
  if (candidate.vector !== undefined) return cosineSimilarity(query, candidate.vector);
  throw new RangeError(`Candidate ${candidate.id} has neither a vector nor a distance.`);
}

/**
 * Scores candidates against a query (vector, quantities, location key), drops duplicates by id (the two
 * index queries overlap), and returns the best `limit`, ties broken by id for a stable order. Shared
 * materials are listed for the returned hits only.
 */
export function rankSimilar(
  query: { vector: readonly number[]; quantities: Readonly<Record<string, number>>; locationKey: string },
  candidates: Iterable<SimilarCandidate>,
  limit: number,
): SimilarEstimate[] {
  const scored = new Map<string, { candidate: SimilarCandidate; cosine: number; score: number }>();
  for (const candidate of candidates) {
    if (scored.has(candidate.id)) continue;
    const cosine = candidateCosine(query.vector, candidate);
    scored.set(candidate.id, {
      candidate,
      cosine,
      score: similarityScore(cosine, candidate.locationKey === query.locationKey),
    });
  }
  return [...scored.values()]
    .sort(
      (a, b) =>
        b.score - a.score || (a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0),
    )
    .slice(0, limit)
    .map(({ candidate, cosine, score }) => ({
      id: candidate.id,
      score,
      cosine,
      location_key: candidate.locationKey,
      same_location: candidate.locationKey === query.locationKey,
      shared_materials: sharedMaterials(query.quantities, candidate.quantities),
    }));
}
