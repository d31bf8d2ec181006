import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG_SEED } from './seed/catalog.seed.ts';
import {
  cosineSimilarity,
  cosineToDistance,
  CUBE_MAX_DIMENSIONS,
  distanceToCosine,
  rankSimilar,
  sharedMaterials,
  SIMILARITY_BASIS,
  toCubeLiteral,
  toVector,
  type SimilarCandidate,
} from './similarity.ts';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMix(next: () => number): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const key of SIMILARITY_BASIS) if (next() < 0.4) mix[key] = Math.round(next() * 5000);
  mix.concrete = 1 + Math.round(next() * 500);
  return mix;
}

const euclidean = (a: number[], b: number[]): number => Math.hypot(...a.map((x, i) => x - (b[i] ?? 0)));
const vectorOf = (mix: Record<string, number>): number[] => toVector(mix) ?? assert.fail('no vector');

describe('toVector', () => {
  it('is a unit vector over the fixed basis that cube can hold', () => {
    assert.ok(SIMILARITY_BASIS.length <= CUBE_MAX_DIMENSIONS);
    const keys = new Set(CATALOG_SEED.map((row) => row.key));
    for (const key of SIMILARITY_BASIS) assert.ok(keys.has(key), key);
    const vector = vectorOf({ concrete: 100, structural_steel: 50, timber: 75 });
    assert.equal(vector.length, SIMILARITY_BASIS.length);
    assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-12);
    assert.equal(
      vector[SIMILARITY_BASIS.indexOf('concrete')]?.toFixed(6),
      (Math.log1p(100) / Math.hypot(Math.log1p(100), Math.log1p(50), Math.log1p(75))).toFixed(6),
    );
  });

  it('weighs the mix more than the scale', () => {
    const small = vectorOf({ concrete: 100, structural_steel: 50, timber: 75 });
    const tenTimes = vectorOf({ concrete: 1000, structural_steel: 500, timber: 750 });
    const otherMix = vectorOf({ concrete: 100, brick: 5000, drywall: 800 });
    assert.ok(cosineSimilarity(small, tenTimes) > 0.99);
    assert.ok(cosineSimilarity(small, otherMix) < 0.6);
  });

  it('has no vector without a positive basis quantity, and ignores unknown keys', () => {
    assert.equal(toVector({}), null);
    assert.equal(toVector({ concrete: 0, unobtainium: 5 }), null);
    assert.deepEqual(toVector({ concrete: 3, unobtainium: 5 }), toVector({ concrete: 3 }));
  });
});

describe('distance and cosine', () => {
  it('d² = 2 − 2 cos on unit vectors, both ways', () => {
    const next = random(7);
    for (let i = 0; i < 50; i++) {
      const a = vectorOf(randomMix(next));
      const b = vectorOf(randomMix(next));
      const cosine = cosineSimilarity(a, b);
      assert.ok(Math.abs(distanceToCosine(euclidean(a, b)) - cosine) < 1e-9);
      assert.ok(Math.abs(cosineToDistance(cosine) - euclidean(a, b)) < 1e-9);
    }
  });

  it('writes a cube literal and refuses more than 100 dimensions', () => {
    assert.equal(toCubeLiteral([0.6, 0.8, 0]), '(0.6, 0.8, 0)');
    assert.throws(() => toCubeLiteral(new Array<number>(101).fill(0)), RangeError);
    assert.throws(() => toCubeLiteral([]), RangeError);
  });
});

describe('rankSimilar', () => {
  const next = random(42);
  const query = { concrete: 400, rebar: 30000, formwork: 900, drywall: 1200, door: 40 };
  const planted = [1.0, 1.5, 3].map((scale, i): [string, Record<string, number>] => [
    `planted-${i}`,
    Object.fromEntries(
      Object.entries(query).map(([key, q]) => [key, Math.round(q * scale * (1 + 0.02 * i))]),
    ),
  ]);
  const noise = Array.from({ length: 2000 }, (_, i): [string, Record<string, number>] => [
    `noise-${i}`,
    randomMix(next),
  ]);
  const stored: SimilarCandidate[] = [...noise, ...planted].map(([id, quantities], i) => ({
    id,
    locationKey: i % 3 === 0 ? 'new-york-ny' : 'chicago-il',
    quantities,
    vector: vectorOf(quantities),
  }));
  const queryVector = vectorOf(query);

  it('ranks the planted nearest neighbours first, with their shared materials', () => {
    const hits = rankSimilar({ vector: queryVector, quantities: query, locationKey: 'boston-ma' }, stored, 3);
    assert.deepEqual(hits.map((hit) => hit.id).sort(), ['planted-0', 'planted-1', 'planted-2']);
    assert.deepEqual(hits[0]?.shared_materials, ['concrete', 'rebar', 'formwork', 'drywall', 'door']);
    assert.ok(hits.every((hit) => hit.cosine > 0.99 && Math.abs(hit.score - hit.cosine * 0.9) < 1e-12));
  });

  it('gives the same ranking from database distances as from vectors', () => {
    const byDistance = stored.map(({ vector, ...rest }) => ({
      ...rest,
      distance: euclidean(queryVector, [...(vector ?? [])]),
    }));
    const q = { vector: queryVector, quantities: query, locationKey: 'new-york-ny' };
    const a = rankSimilar(q, stored, 10);
    const b = rankSimilar(q, byDistance, 10);
    assert.deepEqual(
      b.map((hit) => hit.id),
      a.map((hit) => hit.id),
    );
  });

  it('prefers the same location unless another mix is clearly closer', () => {
    const base = { concrete: 100, timber: 50 };
    const candidates: SimilarCandidate[] = [
      { id: 'elsewhere-identical', locationKey: 'chicago-il', quantities: base, vector: vectorOf(base) },
      {
        id: 'here-close',
        locationKey: 'new-york-ny',
        quantities: { concrete: 100, timber: 80 },
        vector: vectorOf({ concrete: 100, timber: 80 }),
      },
      {
        id: 'here-different',
        locationKey: 'new-york-ny',
        quantities: { concrete: 1, brick: 9000 },
        vector: vectorOf({ concrete: 1, brick: 9000 }),
      },
    ];
    const hits = rankSimilar(
      { vector: vectorOf(base), quantities: base, locationKey: 'new-york-ny' },
      candidates,
      3,
    );
    assert.deepEqual(
      hits.map((hit) => hit.id),
      ['here-close', 'elsewhere-identical', 'here-different'],
    );
    assert.equal(hits[1]?.same_location, false);
  });

  it('top N overall ∪ top N in the same location gives the exact top N', () => {
    const q = { vector: queryVector, quantities: query, locationKey: 'new-york-ny' };
    const byCosine = (list: SimilarCandidate[]): SimilarCandidate[] =>
      [...list].sort(
        (x, y) =>
          cosineSimilarity(queryVector, [...(y.vector ?? [])]) -
          cosineSimilarity(queryVector, [...(x.vector ?? [])]),
      );
    for (const n of [1, 5, 20]) {
      const overall = byCosine(stored).slice(0, n);
      const sameLocation = byCosine(stored.filter((c) => c.locationKey === 'new-york-ny')).slice(0, n);
      assert.deepEqual(
        rankSimilar(q, [...overall, ...sameLocation], n).map((hit) => hit.id),
        rankSimilar(q, stored, n).map((hit) => hit.id),
      );
    }
  });

  it('lists shared materials in basis order', () => {
    assert.deepEqual(
      sharedMaterials({ door: 1, concrete: 2, glass: 0 }, { concrete: 1, door: 3, glass: 4 }),
      ['concrete', 'door'],
    );
  });
});
