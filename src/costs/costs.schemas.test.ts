// Validates the request schemas with Ajv set up exactly as Fastify 5 sets it up (@fastify/ajv-compiler's
// defaults: coerceTypes 'array', useDefaults, removeAdditional, ajv-formats), because that is where they run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Value } from '@sinclair/typebox/value';
import { CATALOG_SEED } from './seed/catalog.seed.ts';
import { CatalogMaterialSchema, CreateEstimateBodySchema, SearchSimilarBodySchema } from './costs.schemas.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(
  new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, allErrors: false }),
);
const createBody = ajv.compile(CreateEstimateBodySchema);
const searchBody = ajv.compile(SearchSimilarBodySchema);
const catalogItem = ajv.compile(CatalogMaterialSchema);
const FILE_ID = '0190f5a2-7c3b-7d1e-9a4b-5c6d7e8f9a0b';

describe('create-estimate body', () => {
  it('accepts the seed payload and a file id, each with a location', () => {
    assert.ok(createBody({ materials: { concrete: 100, steel: 50, wood: 75 }, location: 'New York' }));
    assert.ok(createBody({ file_id: FILE_ID, location: 'new york, ny', currency: 'USD' }));
  });

  it('wants exactly one of file_id and materials', () => {
    assert.equal(createBody({ location: 'New York' }), false);
    assert.equal(createBody({ file_id: FILE_ID, materials: { concrete: 1 }, location: 'New York' }), false);
  });

  it('rejects bad quantities, huge maps, long names, bad ids, missing location and bad currency', () => {
    const bad: unknown[] = [
      { materials: { concrete: -1 }, location: 'New York' },
      { materials: { concrete: 'lots' }, location: 'New York' },
      { materials: { concrete: 2e9 }, location: 'New York' },
      { materials: {}, location: 'New York' },
      {
        materials: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`m${i}`, 1])),
        location: 'New York',
      },
      { materials: { ['x'.repeat(101)]: 1 }, location: 'New York' },
      { file_id: 'not-a-uuid', location: 'New York' },
      { materials: { concrete: 1 } },
      { materials: { concrete: 1 }, location: '' },
      { materials: { concrete: 1 }, location: 'New York', currency: 'usd' },
    ];
    for (const body of bad)
      assert.equal(createBody(structuredClone(body)), false, JSON.stringify(body).slice(0, 80));
  });

  it('strips unknown fields (Fastify removeAdditional) rather than letting them through', () => {
    const body = { materials: { concrete: 1 }, location: 'New York', tenant_id: 'someone-else' };
    assert.ok(createBody(body));
    assert.deepEqual(body, { materials: { concrete: 1 }, location: 'New York' });
  });
});

describe('search-similar body', () => {
  it('defaults limit to 10 and keeps it within 1..50', () => {
    const body: Record<string, unknown> = { materials: { concrete: 100 }, location: 'New York' };
    assert.ok(searchBody(body));
    assert.equal(body.limit, 10);
    for (const limit of [0, 51, 2.5]) {
      assert.equal(searchBody({ materials: { concrete: 1 }, location: 'x', limit }), false, String(limit));
    }
  });
});

describe('catalog upsert item', () => {
  it('accepts every seeded row and rejects unknown fields and bad units', () => {
    for (const row of CATALOG_SEED) assert.ok(catalogItem(structuredClone(row)), row.key);
    const [first] = CATALOG_SEED;
    assert.ok(first);
    assert.equal(Value.Check(CatalogMaterialSchema, { ...first, extra: 1 }), false);
    assert.equal(catalogItem({ ...first, unit: 'furlong' }), false);
    assert.equal(catalogItem({ ...first, key: 'Bad Key' }), false);
  });
});
