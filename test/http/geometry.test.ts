import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { PlanGeometry, TakeoffLineItem } from '../../src/analysis/index.ts';
import { SHARED_DRAWINGS } from '../fixtures/drawings/hostile.fixture.ts';
import { eventually, startTestApp } from '../support/test-app.ts';

const DRAWING = 'Ceco.NET-Architecture-Tm-53.dxf';

test('plan geometry: every source entity of every takeoff line is on the plan, per tenant, cached', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'true' });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const fileId = await ctx.upload(alice.headers, DRAWING, await readFile(new URL(DRAWING, SHARED_DRAWINGS)));
  const takeoff = await eventually(async () => {
    const response = await ctx.app.inject({ url: `/api/files/${fileId}/analysis`, headers: alice.headers });
    const body = response.json<{ status: string; result: { takeoff: TakeoffLineItem[] } }>();
    return body.status === 'completed' ? body.result.takeoff : undefined;
  }, 60_000);

  const response = await ctx.app.inject({ url: `/api/files/${fileId}/geometry`, headers: alice.headers });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  const geometry = response.json<PlanGeometry>();
  assert.ok(geometry.entities.length > 1000, `${geometry.entities.length} entities`);
  assert.ok(geometry.classes.includes('wall') && geometry.colours.length === geometry.classes.length);

  // a handle is on the plan when an entity has it, or an insert that placed an entity has it
  const onPlan = new Set(geometry.entities.map((e) => e.h));
  const placing = new Set<number>(geometry.entities.map((e) => e.n));
  for (const index of placing) {
    for (let i = index; i >= 0; i = geometry.inserts[i]!.p) onPlan.add(geometry.inserts[i]!.h);
  }
  const walls = takeoff.filter((line) => line.elementClass === 'wall');
  assert.ok(walls.length > 0);
  for (const line of takeoff) {
    const missing = line.handles.filter((h) => !onPlan.has(h));
    assert.deepEqual(missing, [], `${line.id}: handles not on the plan`);
  }
  for (const e of geometry.entities) {
    assert.ok(e.d.length >= 2 && e.d.every((v) => Number.isInteger(v)), `entity ${e.h} coordinates`);
  }

  const gzipped = await ctx.app.inject({
    url: `/api/files/${fileId}/geometry`,
    headers: { ...alice.headers, 'accept-encoding': 'gzip' },
  });
  assert.equal(gzipped.headers['content-encoding'], 'gzip');
  assert.deepEqual(JSON.parse(gunzipSync(gzipped.rawPayload).toString()), geometry);
  const etag = String(response.headers.etag);
  const again = await ctx.app.inject({
    url: `/api/files/${fileId}/geometry`,
    headers: { ...alice.headers, 'if-none-match': etag },
  });
  assert.equal(again.statusCode, 304);

  const other = await ctx.app.inject({ url: `/api/files/${fileId}/geometry`, headers: bob.headers });
  assert.equal(other.statusCode, 404);
  const anonymous = await ctx.app.inject({ url: `/api/files/${fileId}/geometry` });
  assert.equal(anonymous.statusCode, 401);

  await ctx.app.inject({ method: 'DELETE', url: `/api/files/${fileId}`, headers: alice.headers });
  const deleted = await ctx.app.inject({ url: `/api/files/${fileId}/geometry`, headers: alice.headers });
  assert.equal(deleted.statusCode, 404);
});
