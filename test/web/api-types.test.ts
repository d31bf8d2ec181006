import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypesSource } from '../support/api-types.ts';
import { startTestApp } from '../support/test-app.ts';

test('the web client types are generated from the current OpenAPI document', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  await ctx.app.ready();
  const expected = await apiTypesSource(ctx.app.swagger());
  if (process.env.UPDATE_API_TYPES === '1') writeFileSync(API_TYPES_FILE, expected);
  assert.ok(
    readFileSync(API_TYPES_FILE, 'utf8') === expected,
    'web/src/api/schema.d.ts is stale: run npm run api-types',
  );
});
