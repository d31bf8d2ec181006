import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG_SEED } from './seed/catalog.seed.ts';
import { LOCATION_SEED } from './seed/locations.seed.ts';
import { MATERIAL_ALIASES } from './material-aliases.ts';
import {
  buildNameIndex,
  editDistance,
  nameDistance,
  nearestInIndex,
  nearestNames,
  normalizeName,
} from './text-match.ts';

describe('normalizeName', () => {
  it('folds case, accents and punctuation; initialisms lose their dots', () => {
    const cases: Array<[string, string]> = [
      ['NEW-YORK  NY', 'new york ny'],
      ['new york, ny', 'new york ny'],
      ['Washington, D.C.', 'washington dc'],
      ['U.S.A.', 'usa'],
      ['St. Louis', 'st louis'],
      ['structural.steel', 'structural steel'],
      ['Ciudad de México', 'ciudad de mexico'],
      ["O'Hare", 'ohare'],
      ['  --  ', ''],
    ];
    for (const [raw, normal] of cases) assert.equal(normalizeName(raw), normal, raw);
  });
});

describe('fuzzy distance', () => {
  it('edit distance counts single-character edits', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
  });

  it('ranks closer names first', () => {
    assert.ok(nameDistance('atlantis', 'atlanta') < nameDistance('atlantis', 'boston'));
    const candidates = ['Boston', 'Atlanta', 'Austin'].map((label) => ({
      label,
      forms: [normalizeName(label)],
    }));
    assert.deepEqual(nearestNames('Atlantis', candidates, 2), ['Atlanta', 'Austin']);
  });
});

describe('nearest names through the prepared index', () => {
  // The plain definition: every form scored, labels by their closest form, ties by label.
  function bruteForce(query: string, candidates: Array<{ label: string; forms: string[] }>, limit: number) {
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

  it('ranks exactly like scoring every form, for materials and locations', () => {
    const materials = CATALOG_SEED.map((row) => ({
      label: row.key,
      forms: [
        normalizeName(row.key),
        ...Object.entries(MATERIAL_ALIASES)
          .filter(([, key]) => key === row.key)
          .map(([alias]) => alias),
      ],
    }));
    const locations = LOCATION_SEED.map((row) => ({
      label: row.name,
      forms: [row.name, ...row.aliases].map(normalizeName),
    }));
    const queries = [
      'conrete',
      'xyzzy',
      'steal',
      'plaster board',
      'Atlantis',
      'San Fransisco',
      'nyc',
      'a',
      '',
      'unknown material '.repeat(6),
      'Ciudad de Mexiko',
      'rebars and mesh',
    ];
    for (const candidates of [materials, locations]) {
      const index = buildNameIndex(candidates);
      for (const query of queries)
        for (const limit of [1, 3, 5])
          assert.deepEqual(nearestInIndex(index, query, limit), bruteForce(query, candidates, limit), query);
    }
  });
});
