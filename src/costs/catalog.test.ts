import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { MATERIAL_CATALOG } from '../analysis/index.ts';
import { buildCatalog, findMaterial } from './catalog.ts';
import { CATALOG_SEED, ILLUSTRATIVE_SOURCE } from './seed/catalog.seed.ts';
import { InvalidCostDataError, UnknownMaterialError } from './costs.errors.ts';
import { CatalogMaterialSchema, type CatalogMaterial } from './costs.schemas.ts';

// The takeoff's materials and units: the contract the catalog must cover.
const TAKEOFF_UNITS: Record<string, string> = MATERIAL_CATALOG;

describe('catalog seed', () => {
  it('holds every material the takeoff emits, in the unit it emits', () => {
    const units = Object.fromEntries(CATALOG_SEED.map((row) => [row.key, row.unit]));
    for (const [key, unit] of Object.entries(TAKEOFF_UNITS)) assert.equal(units[key], unit, key);
  });

  it('rows match the upsert schema, are priced in USD and say where each price comes from', () => {
    for (const row of CATALOG_SEED) {
      assert.ok(
        Value.Check(CatalogMaterialSchema, row),
        `${row.key}: ${[...Value.Errors(CatalogMaterialSchema, row)][0]?.message}`,
      );
      assert.equal(row.currency, 'USD');
      assert.ok(row.source === ILLUSTRATIVE_SOURCE || row.source.startsWith('https://'), row.key);
      assert.ok(row.material_unit_price > 0 && row.installation_unit_cost > 0, row.key);
    }
  });

  it('builds into a catalog', () => {
    const catalog = buildCatalog(CATALOG_SEED);
    assert.equal(catalog.currency, 'USD');
    assert.equal(catalog.materials.size, CATALOG_SEED.length);
    assert.equal(findMaterial(catalog, 'Structural Steel').key, 'structural_steel');
    assert.throws(() => findMaterial(catalog, 'kryptonite'), UnknownMaterialError);
  });
});

describe('buildCatalog', () => {
  const concrete = CATALOG_SEED.find((row) => row.key === 'concrete') as CatalogMaterial;

  it('rejects duplicate keys, mixed currencies, unknown or misnamed divisions and bad prices', () => {
    const bad: CatalogMaterial[][] = [
      [],
      [concrete, concrete],
      [concrete, { ...concrete, key: 'concrete_eur', currency: 'EUR' }],
      [{ ...concrete, division: '99' }],
      [{ ...concrete, division_name: 'Masonry' }],
      [{ ...concrete, material_unit_price: -1 }],
      [{ ...concrete, installation_unit_cost: Number.NaN }],
      [{ ...concrete, waste_pct: 150 }],
    ];
    for (const rows of bad)
      assert.throws(() => buildCatalog(rows), InvalidCostDataError, JSON.stringify(rows));
  });
});
