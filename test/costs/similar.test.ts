import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIMILARITY_BASIS, toVector } from '../../src/costs/index.ts';
import { startTestApp } from '../support/test-app.ts';
import { insertSyntheticEstimates } from './synthetic-estimates.ts';

interface Hit {
  estimate_id: string;
  score: number;
  cosine: number;
  location: string;
  same_location: boolean;
  shared_materials: string[];
  total: number;
  created_at: string;
}

const QUERY = { concrete: 100, rebar: 8000, formwork: 300 };

void test('similar-estimate search', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const create = async (
    headers: Record<string, string>,
    materials: Record<string, number>,
    location: string,
  ) => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/cost-estimates',
      headers,
      payload: { materials, location },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: string; total: number }>();
  };
  const search = (headers: Record<string, string>, payload: object) =>
    ctx.app.inject({ method: 'POST', url: '/api/cost-estimates/search-similar', headers, payload });

  // Noise first (3,000 random mixes on the tenant's shard), then the planted neighbours.
  const shard = ctx.deps.router.forTenant(alice.tenantId);
  const noise = await insertSyntheticEstimates(shard, alice.tenantId, 3000);
  assert.ok(noise > 2900);
  await create(alice.headers, { drywall: 500, metal_stud: 600, paint: 1000 }, 'Chicago');
  await create(alice.headers, { brick: 10000, mortar: 5 }, 'Chicago');
  const sameMix = await create(alice.headers, { concrete: 50, rebar: 4000, formwork: 150 }, 'Chicago');
  const near = await create(alice.headers, { concrete: 110, rebar: 8500, formwork: 310 }, 'Chicago');
  const elsewhere = await create(alice.headers, QUERY, 'Houston');
  const withExtra = await create(alice.headers, { ...QUERY, paint: 20 }, 'Chicago');

  await t.test(
    'the planted nearest neighbours come first, same location preferred, with shared materials',
    async () => {
      const response = await search(alice.headers, { materials: QUERY, location: 'chicago, il', limit: 5 });
      assert.equal(response.statusCode, 200, response.body);
      const items = response.json<{ items: Hit[] }>().items;
      assert.equal(items.length, 5);
      // log1p damps scale: half the job with the same mix is almost the same vector.
      assert.deepEqual(
        items
          .slice(0, 3)
          .map((hit) => hit.estimate_id)
          .sort(),
        [sameMix.id, near.id, withExtra.id].sort(),
      );
      for (let i = 1; i < items.length; i++) assert.ok(items[i - 1]!.score >= items[i]!.score);
      const top = items.find((hit) => hit.estimate_id === near.id)!;
      assert.deepEqual(top.shared_materials, ['concrete', 'rebar', 'formwork']);
      assert.equal(top.same_location, true);
      assert.equal(top.location, 'chicago-il');
      assert.equal(top.total, near.total);
      assert.ok(top.cosine > 0.999);
      // Identical mix in Houston: cosine 1, score 0.9 (other location) — behind the Chicago ones.
      const other = items.find((hit) => hit.estimate_id === elsewhere.id);
      assert.ok(other, 'the identical mix elsewhere is in the top 5');
      assert.equal(other.same_location, false);
      assert.ok(Math.abs(other.score - 0.9) < 1e-9);
    },
  );

  await t.test('the KNN query uses the GiST index', async () => {
    const vector = toVector(QUERY)!;
    const plan = await ctx.deps.costs.estimateRepository.explainNearest(alice.tenantId, vector, 10);
    assert.match(plan, /Index Scan using cost_estimates_vec_idx/);
    assert.match(plan, /Order By: \(vec <-> /);
    const local = await ctx.deps.costs.estimateRepository.explainNearest(alice.tenantId, vector, 10, {
      locationKey: 'chicago-il',
    });
    assert.match(local, /Index Scan using cost_estimates_location_vec_idx/);
  });

  await t.test("search sees only the tenant's own estimates", async () => {
    const own = await create(bob.headers, { concrete: 1, rebar: 1 }, 'Chicago');
    const response = await search(bob.headers, { materials: QUERY, location: 'Chicago', limit: 50 });
    assert.deepEqual(
      response.json<{ items: Hit[] }>().items.map((hit) => hit.estimate_id),
      [own.id],
    );
  });

  await t.test('bad search input is 4xx; a map without basis materials finds nothing', async () => {
    const cases: Array<[object, number]> = [
      [{ materials: QUERY, location: 'Atlantis' }, 422],
      [{ materials: { unobtanium: 1 }, location: 'Chicago' }, 422],
      [{ materials: { concrete: -1 }, location: 'Chicago' }, 422],
      [{ materials: { concrete: '1' }, location: 'Chicago' }, 422],
      [{ materials: QUERY, location: 'Chicago', limit: 500 }, 400],
    ];
    for (const [payload, status] of cases) {
      const response = await search(alice.headers, payload);
      assert.equal(response.statusCode, status, JSON.stringify(payload) + response.body);
    }
    assert.ok(SIMILARITY_BASIS.includes('concrete'));
    const zero = await search(alice.headers, { materials: { concrete: 0 }, location: 'Chicago' });
    assert.deepEqual(zero.json<{ items: Hit[] }>().items, []);
  });
});
