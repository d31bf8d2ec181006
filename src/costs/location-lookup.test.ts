import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { CATALOG_SEED } from './seed/catalog.seed.ts';
import { InvalidCostDataError, UnknownLocationError } from './costs.errors.ts';
import { LocationSchema } from './costs.schemas.ts';
import { buildLocationIndex, findLocation } from './location-lookup.ts';
import { LOCATION_SEED, SEEDED_DIVISIONS } from './seed/locations.seed.ts';

const index = buildLocationIndex(LOCATION_SEED);

describe('locations seed', () => {
  it('has at least 30 cities, US and international, each valid against the row schema', () => {
    assert.ok(LOCATION_SEED.length >= 31);
    assert.ok(LOCATION_SEED.filter((row) => row.country === 'US').length >= 25);
    assert.ok(LOCATION_SEED.filter((row) => row.country !== 'US').length >= 3);
    for (const row of LOCATION_SEED) assert.ok(Value.Check(LocationSchema, row), row.key);
  });

  it('covers every division of the seeded catalog, material and installation separately', () => {
    for (const row of CATALOG_SEED) assert.ok((SEEDED_DIVISIONS as readonly string[]).includes(row.division));
    const newYork = findLocation(index, 'New York');
    for (const division of SEEDED_DIVISIONS) {
      const factor = newYork.divisions[division];
      assert.ok(factor !== undefined && factor.installation > factor.material, division);
    }
  });

  it('the national average is 100 everywhere', () => {
    const national = findLocation(index, 'national average');
    assert.deepEqual(national.overall, { material: 100, installation: 100 });
    for (const factor of Object.values(national.divisions))
      assert.deepEqual(factor, { material: 100, installation: 100 });
  });
});

describe('findLocation', () => {
  it('tolerates case, punctuation and region or country suffixes', () => {
    const spellings = [
      'New York',
      'new york, ny',
      'NEW-YORK NY',
      'New York, New York',
      'new york ny usa',
      'NYC',
      'new-york-ny',
    ];
    for (const spelling of spellings)
      assert.equal(findLocation(index, spelling).key, 'new-york-ny', spelling);
    assert.equal(findLocation(index, 'St. Louis, MO').key, 'st-louis-mo');
    assert.equal(findLocation(index, 'saint louis missouri').key, 'st-louis-mo');
    assert.equal(findLocation(index, 'Washington, D.C.').key, 'washington-dc');
    assert.equal(findLocation(index, 'London, UK').key, 'london-gb');
    assert.equal(findLocation(index, 'Ciudad de México').key, 'mexico-city-cdmx');
  });

  it('answers an unknown name with a 422 listing the nearest names', () => {
    const error = (() => {
      try {
        findLocation(index, 'Atlantis');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    assert.ok(error instanceof UnknownLocationError);
    assert.equal(error.statusCode, 422);
    assert.equal(error.code, 'UNKNOWN_LOCATION');
    const suggestions = error.details?.suggestions as string[];
    assert.equal(suggestions.length, 5);
    assert.equal(suggestions[0], 'Atlanta, GA');
  });

  it('suggests the intended city for a typo', () => {
    assert.throws(
      () => findLocation(index, 'San Fransisco'),
      (error: UnknownLocationError) => (error.details?.suggestions as string[])[0] === 'San Francisco, CA',
    );
    assert.throws(() => findLocation(index, 'New York, CA'), UnknownLocationError);
  });

  it('refuses a table where one spelling names two locations', () => {
    const [first] = LOCATION_SEED;
    assert.ok(first);
    assert.throws(() => buildLocationIndex([first, { ...first, key: 'other' }]), InvalidCostDataError);
  });
});
