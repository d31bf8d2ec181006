import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../support/test-app.ts';

const RULE = {
  name: 'Notify',
  trigger_type: 'analysis_completed',
  actions: [{ type: 'send_notification', message: 'done' }],
};

test('a tenant that keeps asking past a limit gets its refusals a second apart; others are answered at once', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', QUOTA_AUTOMATION_RULES: '1' });
  t.after(() => ctx.close());
  const noisy = await ctx.createTenant('Noisy');
  const quiet = await ctx.createTenant('Quiet');
  const createRule = async (headers: Record<string, string>) => {
    const started = performance.now();
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/automation-rules',
      headers,
      payload: RULE,
    });
    return {
      status: response.statusCode,
      code: response.json<{ code?: string }>().code,
      ms: performance.now() - started,
    };
  };
  for (const tenant of [noisy, quiet]) assert.equal((await createRule(tenant.headers)).status, 201);

  await t.test(
    'the first refusal is answered at once, the next ones within a second of it a second late',
    async () => {
      const first = await createRule(noisy.headers);
      assert.deepEqual([first.status, first.code], [403, 'QUOTA_EXCEEDED']);
      assert.ok(first.ms < 500, `first refusal took ${first.ms.toFixed(0)} ms`);
      const [second, quietRefusal] = await Promise.all([
        createRule(noisy.headers),
        createRule(quiet.headers),
      ]);
      assert.deepEqual([second.status, second.code], [403, 'QUOTA_EXCEEDED']);
      assert.ok(second.ms >= 900, `second refusal took ${second.ms.toFixed(0)} ms`);
      assert.equal(quietRefusal.status, 403);
      assert.ok(
        quietRefusal.ms < 500,
        `another tenant's first refusal took ${quietRefusal.ms.toFixed(0)} ms`,
      );
    },
  );

  await t.test('a client that waits a second before asking again is answered at once', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await createRule(noisy.headers);
    assert.equal(again.status, 403);
    assert.ok(again.ms < 500, `refusal after waiting took ${again.ms.toFixed(0)} ms`);
  });

  await t.test('other answers of the tenant are not held', async () => {
    const started = performance.now();
    const list = await ctx.app.inject({ url: '/api/automation-rules', headers: noisy.headers });
    assert.equal(list.statusCode, 200);
    assert.ok(performance.now() - started < 500);
  });
});
