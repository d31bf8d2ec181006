import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { buildCatalog } from './catalog.ts';
import { CATALOG_SEED } from './seed/catalog.seed.ts';
import { InvalidEstimateInputError, UnknownMaterialError, UnsupportedCurrencyError } from './costs.errors.ts';
import { EstimateSchema, type CatalogMaterial, type Location } from './costs.schemas.ts';
import { linesFromMaterialMap, resolveMaterialQuantities } from './estimate-input.ts';
import { estimateCost, roundMoney } from './estimator.ts';
import { buildLocationIndex, findLocation } from './location-lookup.ts';
import { LOCATION_SEED } from './seed/locations.seed.ts';

function row(
  key: string,
  division: string,
  divisionName: string,
  prices: [number, number, number],
  unit: CatalogMaterial['unit'] = 'm3',
): CatalogMaterial {
  const [material, installation, waste] = prices;
  return {
    key,
    name: key,
    unit,
    division,
    division_name: divisionName,
    material_unit_price: material,
    installation_unit_cost: installation,
    currency: 'USD',
    waste_pct: waste,
    version: 3,
    source: 'illustrative',
  };
}

// Small hand-checkable catalog and location: division 03 has its own factors, 09 falls back to overall.
const catalog = buildCatalog([
  row('concrete', '03', 'Concrete', [100, 50, 10]),
  row('rebar', '03', 'Concrete', [1, 1, 5], 'kg'),
  row('paint', '09', 'Finishes', [2, 3, 0], 'm2'),
]);
const testTown: Location = {
  key: 'test-town',
  name: 'Test Town',
  region: 'TT',
  country: 'US',
  aliases: [],
  overall: { material: 90, installation: 80 },
  divisions: { '03': { material: 110, installation: 120 } },
  version: 7,
  source: 'test',
};
const markup = { overheadPct: 10, profitPct: 4 };

describe('estimateCost', () => {
  it('equals the hand-computed example (waste, per-division factors, markup)', () => {
    const estimate = estimateCost({
      catalog,
      location: testTown,
      markup,
      lines: [
        { sourceRef: 'L1', material: 'concrete', quantity: 10, unit: 'm3' },
        { sourceRef: 'L2', material: 'paint', quantity: 100 },
        { sourceRef: 'L3', material: 'rebar', quantity: 200 },
      ],
    });
    // concrete: 10 × 1.10 = 11 → 11×100×1.1 = 1210 material, 11×50×1.2 = 660 installation
    // rebar:   200 × 1.05 = 210 → 210×1×1.1 = 231, 210×1×1.2 = 252
    // paint:   100 × 1.00 = 100 → 100×2×0.9 = 180, 100×3×0.8 = 240 (division 09 not in table: overall)
    assert.deepEqual(
      estimate.lines.map((l) => [
        l.source_ref,
        l.quantity_with_waste,
        l.material_cost,
        l.installation_cost,
        l.total,
      ]),
      [
        ['L1', 11, 1210, 660, 1870],
        ['L3', 210, 231, 252, 483],
        ['L2', 100, 180, 240, 420],
      ],
    );
    const [concrete] = estimate.lines;
    assert.equal(concrete?.material_factor, 1.1);
    assert.equal(concrete?.installation_factor, 1.2);
    assert.equal(concrete?.adjusted_material_unit_price, 110);
    assert.equal(concrete?.adjusted_installation_unit_cost, 60);
    assert.equal(concrete?.catalog_version, 3);
    assert.deepEqual(
      estimate.divisions.map((d) => [
        d.division,
        d.line_count,
        d.material_factor,
        d.installation_factor,
        d.material_cost,
        d.installation_cost,
        d.total,
      ]),
      [
        ['03', 2, 1.1, 1.2, 1441, 912, 2353],
        ['09', 1, 0.9, 0.8, 180, 240, 420],
      ],
    );
    // direct 2773; overhead 10 % = 277.30; profit 4 % of 3050.30 = 122.012; total 3172.312
    assert.equal(estimate.material_cost, 1621);
    assert.equal(estimate.installation_cost, 1152);
    assert.equal(estimate.direct_cost, 2773);
    assert.equal(estimate.overhead, 277.3);
    assert.equal(estimate.profit, 122.01);
    assert.equal(estimate.total, 3172.31);
    assert.deepEqual(estimate.quantities, { concrete: 10, rebar: 200, paint: 100 });
    assert.deepEqual(estimate.location, {
      key: 'test-town',
      name: 'Test Town',
      region: 'TT',
      country: 'US',
      version: 7,
    });
    assert.ok(Value.Check(EstimateSchema, estimate));
  });

  it('rounds to cents only at presentation', () => {
    const estimate = estimateCost({
      catalog,
      location: { ...testTown, overall: { material: 100, installation: 100 } },
      markup: { overheadPct: 0, profitPct: 0 },
      lines: ['a', 'b', 'c'].map((sourceRef) => ({ sourceRef, material: 'paint', quantity: 0.0008 })),
    });
    // Each line: 0.0008 × (2 + 3) = 0.004 → shows 0.00; the exact total 0.012 shows 0.01.
    assert.deepEqual(
      estimate.lines.map((l) => l.total),
      [0, 0, 0],
    );
    assert.equal(estimate.total, 0.01);
    assert.equal(roundMoney(0.125), 0.13);
    assert.equal(roundMoney(1234.5649), 1234.56);
  });

  it('prices the seed payload for New York, resolving steel and wood', () => {
    const newYork = findLocation(buildLocationIndex(LOCATION_SEED), 'New York');
    const seedCatalog = buildCatalog(CATALOG_SEED);
    const estimate = estimateCost({
      catalog: seedCatalog,
      location: newYork,
      markup,
      lines: linesFromMaterialMap({ concrete: 100, steel: 50, wood: 75 }),
    });
    assert.deepEqual(
      estimate.lines.map((l) => [l.source_ref, l.material, l.unit]),
      [
        ['concrete', 'concrete', 'm3'],
        ['steel', 'structural_steel', 'kg'],
        ['wood', 'timber', 'm3'],
      ],
    );
    assert.equal(estimate.location.key, 'new-york-ny');
    assert.equal(estimate.currency, 'USD');
    // Recompute the direct cost independently from the seed rows and the New York indices.
    let direct = 0;
    for (const [key, quantity] of [
      ['concrete', 100],
      ['structural_steel', 50],
      ['timber', 75],
    ] as const) {
      const material = seedCatalog.materials.get(key) as CatalogMaterial;
      const index = newYork.divisions[material.division] ?? newYork.overall;
      direct +=
        quantity *
        (1 + material.waste_pct / 100) *
        ((material.material_unit_price * index.material) / 100 +
          (material.installation_unit_cost * index.installation) / 100);
    }
    assert.equal(estimate.direct_cost, roundMoney(direct));
    assert.equal(estimate.total, roundMoney(direct * 1.1 * 1.04));
    assert.ok(estimate.total > 0);
  });

  it('names unknown materials, all of them', () => {
    assert.throws(
      () =>
        estimateCost({
          catalog,
          location: testTown,
          markup,
          lines: linesFromMaterialMap({ concrete: 1, adamantium: 2, mithril: 3 }),
        }),
      (error: UnknownMaterialError) =>
        error instanceof UnknownMaterialError &&
        error.statusCode === 422 &&
        JSON.stringify(error.details?.materials) === '["adamantium","mithril"]',
    );
  });

  it('rejects a unit that is not the catalog unit, a foreign currency and out-of-range markup', () => {
    const lines = [{ sourceRef: 'wall-7', material: 'concrete', quantity: 1, unit: 'm2' }];
    assert.throws(
      () => estimateCost({ catalog, location: testTown, markup, lines }),
      (error: InvalidEstimateInputError) =>
        error.details?.key === 'wall-7' && error.details.reason === 'unit_mismatch',
    );
    const ok = [{ sourceRef: 'x', material: 'concrete', quantity: 1 }];
    assert.throws(
      () => estimateCost({ catalog, location: testTown, markup, lines: ok, currency: 'EUR' }),
      UnsupportedCurrencyError,
    );
    assert.equal(
      estimateCost({ catalog, location: testTown, markup, lines: ok, currency: 'USD' }).currency,
      'USD',
    );
    for (const bad of [
      { overheadPct: -1, profitPct: 0 },
      { overheadPct: 0, profitPct: Number.NaN },
      { overheadPct: 101, profitPct: 0 },
    ]) {
      assert.throws(
        () => estimateCost({ catalog, location: testTown, markup: bad, lines: ok }),
        InvalidEstimateInputError,
      );
    }
    assert.throws(
      () => estimateCost({ catalog, location: testTown, markup, lines: [] }),
      InvalidEstimateInputError,
    );
  });
});

describe('raw material maps', () => {
  const rejects = (map: unknown, key: string, reason: string): void => {
    assert.throws(
      () => linesFromMaterialMap(map),
      (error: InvalidEstimateInputError) =>
        error instanceof InvalidEstimateInputError &&
        error.statusCode === 422 &&
        error.details?.key === key &&
        error.details.reason === reason,
    );
  };

  it('rejects negative, non-finite, non-numeric and huge quantities, naming the key', () => {
    rejects({ concrete: 1, steel: -5 }, 'steel', 'negative');
    rejects({ wood: '75' }, 'wood', 'not_a_number');
    rejects({ wood: null }, 'wood', 'not_a_number');
    rejects({ wood: Number.POSITIVE_INFINITY }, 'wood', 'not_finite');
    rejects({ wood: Number.NaN }, 'wood', 'not_finite');
    rejects({ wood: 1e12 }, 'wood', 'too_large');
  });

  it('rejects 10,000-entry maps, empty maps, non-objects and overlong names', () => {
    const huge = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`m${i}`, 1]));
    rejects(huge, 'materials', 'too_many_entries');
    rejects({}, 'materials', 'empty');
    rejects([1, 2], 'materials', 'not_an_object');
    rejects(null, 'materials', 'not_an_object');
    rejects({ ['x'.repeat(101)]: 1 }, 'x'.repeat(100), 'bad_name');
    assert.equal(
      linesFromMaterialMap(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`m${i}`, 1]))).length,
      500,
    );
  });

  it('sums names that resolve to one material for search', () => {
    const seedCatalog = buildCatalog(CATALOG_SEED);
    assert.deepEqual(resolveMaterialQuantities(seedCatalog, { steel: 50, 'Structural Steel': 10, wood: 0 }), {
      structural_steel: 60,
      timber: 0,
    });
    assert.throws(
      () => resolveMaterialQuantities(seedCatalog, { steel: 1, vibranium: 2 }),
      UnknownMaterialError,
    );
  });
});
