import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../support/test-app.ts';
import { TenantActivity } from '../../src/http/heavy-requests.ts';

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

test('while another tenant is active, a tenant past its heavy-request time budget waits; alone, it never does', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    HEAVY_REQUESTS_PER_TENANT: '1',
    HEAVY_MS_PER_SECOND: '10',
  });
  t.after(() => ctx.close());
  const noisy = await ctx.createTenant('Noisy');
  const quiet = await ctx.createTenant('Quiet');
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
  const statuses = (answers: Awaited<ReturnType<typeof estimates>>) =>
    new Set(answers.map((r) => r.statusCode));

  await t.test('alone, back-to-back heavy requests are never held back', async () => {
    const answers = await estimates(6);
    assert.deepEqual(statuses(answers), new Set([201]));
    assert.equal(budgetWaits(answers), 0);
  });

  await t.test('another tenant active: the tenant waits for its budget and is still served', async () => {
    // the quiet tenant reads every 20 ms meanwhile
    const reads = setInterval(() => void ctx.app.inject({ url: '/api/me', headers: quiet.headers }), 20);
    t.after(() => clearInterval(reads));
    await ctx.app.inject({ url: '/api/me', headers: quiet.headers });
    const answers = await estimates(6);
    clearInterval(reads);
    assert.deepEqual(statuses(answers), new Set([201]));
    assert.ok(budgetWaits(answers) >= 3, `${budgetWaits(answers)} of 6 waited for the budget`);
  });

  await t.test('once the other tenant has gone quiet, full speed again', async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answers = await estimates(6);
    assert.deepEqual(statuses(answers), new Set([201]));
    assert.equal(budgetWaits(answers), 0);
  });
});

test('tenant activity: the most recent other tenant is known, whoever asks', () => {
  const activity = new TenantActivity();
  activity.seen('a', 0);
  assert.equal(activity.othersActive('a', 250, 10), false, 'alone');
  assert.equal(activity.othersActive('b', 250, 10), true);
  activity.seen('b', 100);
  activity.seen('b', 200);
  assert.equal(activity.othersActive('b', 250, 240), true, 'a at 0 is within 250 ms of 240');
  assert.equal(activity.othersActive('b', 250, 300), false, 'a has gone quiet');
  assert.equal(activity.othersActive('a', 250, 400), true, 'b at 200');
  activity.seen('c', 500);
  assert.equal(activity.othersActive('c', 250, 510), false, 'b at 200 is too old');
  assert.equal(activity.othersActive('b', 250, 510), true, 'c at 500');
});
