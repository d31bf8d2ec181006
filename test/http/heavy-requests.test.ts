import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../support/test-app.ts';

const SEED_PAYLOAD = { materials: { concrete: 100, steel: 50, wood: 75 }, location: 'New York' };

test('a tenant runs at most HEAVY_REQUESTS_PER_TENANT heavy requests at once; others are not held up', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', HEAVY_REQUESTS_PER_TENANT: '2' });
  t.after(() => ctx.close());
  const noisy = await ctx.createTenant('Noisy');
  const quiet = await ctx.createTenant('Quiet');
  const estimate = (headers: Record<string, string>) =>
    ctx.app.inject({ method: 'POST', url: '/api/cost-estimates', headers, payload: SEED_PAYLOAD });

  const [quietAnswer, ...burst] = await Promise.all([
    estimate(quiet.headers),
    ...Array.from({ length: 10 }, () => estimate(noisy.headers)),
  ]);
  assert.equal(quietAnswer.statusCode, 201, 'another tenant is not counted against the noisy one');
  const busy = burst.filter((r) => r.statusCode === 429);
  const ran = burst.filter((r) => r.statusCode === 201);
  assert.equal(busy.length + ran.length, 10);
  assert.ok(ran.length >= 2 && busy.length >= 1, `${ran.length} ran, ${busy.length} refused`);
  assert.equal(busy[0]!.json<{ code: string }>().code, 'TENANT_BUSY');
  assert.equal(busy[0]!.headers['retry-after'], '1');
  // the slots are given back when the requests end
  assert.equal((await estimate(noisy.headers)).statusCode, 201);
  const cheap = await ctx.app.inject({ url: '/api/cost-estimates', headers: noisy.headers });
  assert.equal(cheap.statusCode, 200, 'other routes are not limited');
});
