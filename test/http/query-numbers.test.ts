import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../support/test-app.ts';

// Found by the HTTP fuzzer: Ajv coerced `?limit=1e400` to Infinity, which passed `maximum` and reached SQL (500).
test('a query number too big to be finite is a 400 naming the parameter, on every list', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Numbers');
  for (const path of ['/api/automation-rules', '/api/files', '/api/notifications']) {
    for (const limit of ['1e400', '9'.repeat(400), '-1e400']) {
      const response = await ctx.app.inject({ url: `${path}?limit=${limit}`, headers: tenant.headers });
      assert.equal(response.statusCode, 400, `${path}?limit=${limit.slice(0, 8)}: ${response.body}`);
      assert.equal(response.json<{ code: string }>().code, 'VALIDATION_ERROR');
    }
  }
});
