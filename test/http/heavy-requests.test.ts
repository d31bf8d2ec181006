import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../support/test-app.ts';

const SEED_PAYLOAD = { materials: { concrete: 100, steel: 50, wood: 75 }, location: 'New York' };

test('heavy requests of one tenant take turns; past the line they are refused; others are not held up', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', HEAVY_REQUESTS_PER_TENANT: '1' });
  t.after(() => ctx.close());
  const noisy = await ctx.createTenant('Noisy');
  const quiet = await ctx.createTenant('Quiet');
  const estimate = (headers: Record<string, string>) =>
    ctx.app.inject({ method: 'POST', url: '/api/cost-estimates', headers, payload: SEED_PAYLOAD });

  await t.test('a burst within the line waits for its turn and all of it is served', async () => {
    const burst = await Promise.all(Array.from({ length: 10 }, () => estimate(noisy.headers)));
    assert.deepEqual(
      burst.map((r) => r.statusCode),
      Array<number>(10).fill(201),
    );
  });

  await t.test('past 32 waiting per running slot: 429 TENANT_BUSY; another tenant is served', async () => {
    const [quietAnswer, ...burst] = await Promise.all([
      estimate(quiet.headers),
      ...Array.from({ length: 80 }, () => estimate(noisy.headers)),
    ]);
    assert.equal(quietAnswer.statusCode, 201, 'another tenant is not counted against the noisy one');
    const busy = burst.filter((r) => r.statusCode === 429);
    const ran = burst.filter((r) => r.statusCode === 201);
    assert.equal(busy.length + ran.length, 80);
    assert.ok(ran.length >= 33 && busy.length >= 1, `${ran.length} ran, ${busy.length} refused`);
    assert.equal(busy[0]!.json<{ code: string }>().code, 'TENANT_BUSY');
    assert.equal(busy[0]!.headers['retry-after'], '1');
  });

  await t.test('the slots are given back: the next request runs, other routes are not limited', async () => {
    assert.equal((await estimate(noisy.headers)).statusCode, 201);
    const list = await ctx.app.inject({ url: '/api/cost-estimates', headers: noisy.headers });
    assert.equal(list.statusCode, 200);
  });
});

test('while the event loop is busy, a tenant past its heavy-request time budget waits; with budget left, nobody waits', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    HEAVY_REQUESTS_PER_TENANT: '1',
    HEAVY_MS_PER_SECOND: '10',
  });
  t.after(() => ctx.close());
  const noisy = await ctx.createTenant('Noisy');
  const estimates = async (count: number) => {
    const answers = [];
    for (let i = 0; i < count; i++)
      answers.push(
        await ctx.app.inject({
          method: 'POST',
          url: '/api/cost-estimates',
          headers: noisy.headers,
          payload: SEED_PAYLOAD,
        }),
      );
    return answers;
  };
  const budgetWaits = (answers: Awaited<ReturnType<typeof estimates>>) =>
    answers.filter((r) => String(r.headers['server-timing'] ?? '').startsWith('tenant-budget')).length;

  await t.test('with budget left, a request is not held back', async () => {
    const [answer] = await estimates(1);
    assert.equal(answer!.statusCode, 201);
    assert.equal(answer!.headers['server-timing'], undefined);
  });

  await t.test('busy loop: the tenant waits for its budget and is still served', async () => {
    // other work keeps the loop ~90 % busy, as other tenants' requests would
    const spin = setInterval(() => {
      const until = performance.now() + 20;
      while (performance.now() < until);
    }, 5);
    t.after(() => clearInterval(spin));
    await new Promise((resolve) => setTimeout(resolve, 500)); // one sampling period of the busy loop
    const answers = await estimates(6);
    clearInterval(spin);
    assert.deepEqual(new Set(answers.map((r) => r.statusCode)), new Set([201]));
    assert.ok(budgetWaits(answers) >= 3, `${budgetWaits(answers)} of 6 waited for the budget`);
  });
});
