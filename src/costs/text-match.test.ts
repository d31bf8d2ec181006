import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, nameDistance, nearestNames, normalizeName } from './text-match.ts';

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
