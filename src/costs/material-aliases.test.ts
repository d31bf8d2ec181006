import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCatalog } from './catalog.ts';
import { CATALOG_SEED } from './seed/catalog.seed.ts';
import { UnknownMaterialError } from './costs.errors.ts';
import {
  MATERIAL_ALIASES,
  MAX_SUGGESTED_NAMES,
  resolveMaterialName,
  unknownMaterialError,
} from './material-aliases.ts';
import { normalizeName } from './text-match.ts';

const catalog = buildCatalog(CATALOG_SEED);
const resolve = (name: string): string | undefined => resolveMaterialName(name, catalog.names);

describe('material name resolution', () => {
  it('resolves the common names of the brief', () => {
    const expected: Record<string, string> = {
      steel: 'structural_steel',
      wood: 'timber',
      lumber: 'timber',
      tiles: 'floor_tile',
      gypsum: 'drywall',
      plasterboard: 'drywall',
      blocks: 'concrete_block',
      cmu: 'concrete_block',
      bricks: 'brick',
      reinforcement: 'rebar',
      concrete: 'concrete',
      doors: 'door',
      windows: 'window',
      studs: 'metal_stud',
      glass: 'glass',
      toilets: 'plumbing_fixture',
    };
    for (const [name, key] of Object.entries(expected)) assert.equal(resolve(name), key, name);
  });

  it('ignores case, spaces and punctuation', () => {
    for (const name of [
      'Structural Steel',
      'structural-steel',
      'STRUCTURAL_STEEL',
      '  structural.steel ',
      'Steel',
    ]) {
      assert.equal(resolve(name), 'structural_steel', name);
    }
    assert.equal(resolve('Concrete Masonry Units'), 'concrete_block');
    assert.equal(resolve('Ready-Mix'), 'concrete');
  });

  it('leaves unknown names unresolved instead of guessing', () => {
    for (const name of ['unobtainium', 'ste', '', 'glas', 'steel beams and columns']) {
      assert.equal(resolve(name), undefined, name);
    }
  });

  it('every alias is in normal form and points at a seeded key', () => {
    for (const [alias, key] of Object.entries(MATERIAL_ALIASES)) {
      assert.equal(normalizeName(alias), alias);
      assert.ok(catalog.materials.has(key), `${alias} → ${key}`);
    }
  });

  it('an alias whose target is missing from the catalog does not resolve', () => {
    const small = buildCatalog(CATALOG_SEED.filter((row) => row.key !== 'timber'));
    assert.equal(resolveMaterialName('wood', small.names), undefined);
  });

  it('the unknown-material error lists every name with suggestions', () => {
    const error = unknownMaterialError(['conrete', 'xyzzy'], catalog.names);
    assert.ok(error instanceof UnknownMaterialError);
    assert.equal(error.statusCode, 422);
    assert.equal(error.code, 'UNKNOWN_MATERIAL');
    assert.match(error.message, /conrete, xyzzy/);
    const suggestions = error.details?.suggestions as Record<string, string[]>;
    assert.equal(suggestions.conrete?.[0], 'concrete');
    assert.equal(suggestions.xyzzy?.length, 3);
  });

  it('suggests for the first names only when a request holds many unknown long names', () => {
    const names = Array.from({ length: 500 }, (_, i) => `${'made up material '.repeat(6)}${i}`.slice(-100));
    const error = unknownMaterialError([...names, 'conrete', ...names], catalog.names);
    assert.deepEqual(error.details?.materials, [...names, 'conrete']);
    const suggestions = error.details?.suggestions as Record<string, string[]>;
    const suggested = Object.values(suggestions).filter((list) => list.length > 0);
    assert.equal(suggested.length, MAX_SUGGESTED_NAMES);
    assert.equal(suggestions.conrete, undefined, 'names past the cap are listed without suggestions');
    assert.equal(Object.keys(suggestions).length, MAX_SUGGESTED_NAMES, 'no empty entry per omitted name');
    assert.deepEqual(error.details?.suggestions_omitted, {
      materials: 501 - MAX_SUGGESTED_NAMES,
      reason: `suggestions are given for the first ${MAX_SUGGESTED_NAMES} unknown names of up to 100 characters`,
    });
    assert.match(error.message, / and 481 more\.$/);
    const long = unknownMaterialError(['x'.repeat(101)], catalog.names);
    assert.deepEqual(long.details?.suggestions, {});
  });
});
