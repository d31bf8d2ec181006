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
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
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

/** The `limit` candidate labels nearest to `query`; each candidate is matched by its closest normal form. */
export function nearestNames(
  query: string,
  candidates: ReadonlyArray<{ label: string; forms: readonly string[] }>,
  limit: number,
): string[] {
  const normal = normalizeName(query);
  return candidates
    .map(({ label, forms }) => ({
      label,
      distance: Math.min(...forms.map((form) => nameDistance(normal, form))),
    }))
    .sort((x, y) => x.distance - y.distance || x.label.localeCompare(y.label))
    .slice(0, limit)
    .map(({ label }) => label);
}
