/**
 * Name matching shared by material and location lookup: a normal form that ignores case, accents and
 * punctuation, and a fuzzy distance for "did you mean" suggestions.
 */

/**
 * Lower-case, accent-free, words separated by one space. Initialisms lose their dots ("D.C." → "dc",
 * "U.S.A." → "usa"); any other punctuation separates words ("St. Louis" → "st louis", "structural.steel" → "structural steel").
 */
export function normalizeName(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/\b[a-z](?:\.[a-z]\b)+\.?/g, (initialism) => initialism.replace(/\./g, ''))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Levenshtein edit distance (insert, delete, substitute each cost 1). */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Infinity);
}

let previousRow = new Uint32Array(64);
let currentRow = new Uint32Array(64);

/**
 * The edit distance of `a` and `b`, or any number above `limit` as soon as every cell of a row exceeds it
 * (the distance can only grow from there): most candidates of a nearest-name search are rejected early.
 * Two rows reused across calls; no allocation per call.
 */
function boundedEditDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  if (previousRow.length <= b.length) {
    previousRow = new Uint32Array(b.length * 2 + 1);
    currentRow = new Uint32Array(b.length * 2 + 1);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (code === b.charCodeAt(j - 1) ? 0 : 1);
      const cell = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      current[j] = cell;
      if (cell < rowMin) rowMin = cell;
    }
    if (rowMin > limit) return rowMin;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

function trigrams(text: string): Set<string> {
  const padded = `  ${text} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Dissimilarity in [0, 1]: the mean of normalised edit distance and trigram Jaccard distance (pg_trgm-like). */
export function nameDistance(a: string, b: string): number {
  const longest = Math.max(a.length, b.length, 1);
  const edit = editDistance(a, b) / longest;
  const ta = trigrams(a);
  const tb = trigrams(b);
  let shared = 0;
  for (const gram of ta) if (tb.has(gram)) shared++;
  const union = ta.size + tb.size - shared;
  const jaccard = union === 0 ? 0 : 1 - shared / union;
  return (edit + jaccard) / 2;
}

/** Candidate names prepared once for many nearest-name queries: trigrams per form and a trigram → form index. */
export interface NameIndex {
  readonly forms: ReadonlyArray<{ label: string; form: string; grams: ReadonlySet<string> }>;
  readonly formsByGram: ReadonlyMap<string, readonly number[]>;
}

/** Indexes `candidates` (each matched by its closest normal form) for {@link nearestInIndex}. */
export function buildNameIndex(
  candidates: ReadonlyArray<{ label: string; forms: readonly string[] }>,
): NameIndex {
  const forms = candidates.flatMap(({ label, forms }) =>
    forms.map((form) => ({ label, form, grams: trigrams(form) })),
  );
  const formsByGram = new Map<string, number[]>();
  forms.forEach(({ grams }, i) => {
    for (const gram of grams) {
      const list = formsByGram.get(gram);
      if (list) list.push(i);
      else formsByGram.set(gram, [i]);
    }
  });
  return { forms, formsByGram };
}

interface Ranked {
  label: string;
  distance: number;
}

const byDistance = (x: Ranked, y: Ranked): number =>
  x.distance - y.distance || x.label.localeCompare(y.label);

/**
 * The `limit` labels nearest to `query`, exactly as ranking every form by nameDistance would give, but
 * the edit distance (the costly part) is computed only while a form can still enter the top `limit`: a
 * form's distance is at least (length difference / longest + trigram distance) / 2, which the index
 * gives cheaply, so forms are visited by that bound and the scan stops once it exceeds the current last place.
 */
export function nearestInIndex(index: NameIndex, query: string, limit: number): string[] {
  const normal = normalizeName(query);
  const grams = trigrams(normal);
  const shared = new Uint32Array(index.forms.length);
  for (const gram of grams)
    for (const i of index.formsByGram.get(gram) ?? []) shared[i] = (shared[i] ?? 0) + 1;
  const visits = index.forms
    .map(({ form, grams: formGrams }, i) => {
      const common = shared[i] ?? 0;
      const union = grams.size + formGrams.size - common;
      const jaccard = union === 0 ? 0 : 1 - common / union;
      const longest = Math.max(normal.length, form.length, 1);
      return { i, jaccard, longest, bound: (Math.abs(normal.length - form.length) / longest + jaccard) / 2 };
    })
    .sort((a, b) => a.bound - b.bound);
  const top: Ranked[] = [];
  for (const { i, jaccard, longest, bound } of visits) {
    const last = top[limit - 1];
    if (last !== undefined && bound > last.distance) break;
    const entry = index.forms[i];
    if (entry === undefined) continue;
    // past this many edits the form cannot take the last place
    const maxEdits = last === undefined ? Infinity : (2 * last.distance - jaccard) * longest + 1e-9;
    const distance = (boundedEditDistance(normal, entry.form, maxEdits) / longest + jaccard) / 2;
    if (last !== undefined && distance > last.distance) continue;
    const at = top.findIndex((r) => r.label === entry.label);
    if (at >= 0 && (top[at]?.distance ?? 0) <= distance) continue;
    if (at >= 0) top.splice(at, 1);
    top.push({ label: entry.label, distance });
    top.sort(byDistance);
    top.length = Math.min(top.length, limit);
  }
  return top.map(({ label }) => label);
}

/** The `limit` candidate labels nearest to `query`; each candidate is matched by its closest normal form. */
export function nearestNames(
  query: string,
  candidates: ReadonlyArray<{ label: string; forms: readonly string[] }>,
  limit: number,
): string[] {
  return nearestInIndex(buildNameIndex(candidates), query, limit);
}
