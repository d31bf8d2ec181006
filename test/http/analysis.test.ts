import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRoomDxf, ROOM_TRUTH } from '../fixtures/drawings/room.fixture.ts';
import { eventually, startTestApp } from '../support/test-app.ts';

interface AnalysisJson {
  status: string;
  error: { code: string; message: string } | null;
  result: {
    walls: { centreLineLengthM: number };
    materials: Record<string, { quantity: number; unit: string }>;
    elements: Array<{ name: string; elementClass: string; rule: string }>;
    measurements: { layers: Record<string, unknown> };
    units: { name: string; override: string | null; conflict: string | null };
    options: { units: string | null };
  } | null;
}

test('analysis through the API: job, result, preview, layer mappings, refresh', async (t) => {
  const ctx = await startTestApp({}, { runWorkers: true });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');

  const finished = (headers: Record<string, string>, id: string, notBefore = 0) =>
    eventually(async () => {
      const response = await ctx.app.inject({ url: `/api/files/${id}/analysis`, headers });
      const body = response.json<AnalysisJson & { completed_at: string | null }>();
      const done = body.status === 'completed' || body.status === 'failed';
      return done && Date.parse(body.completed_at ?? '0') >= notBefore ? body : undefined;
    }, 60_000);

  const roomId = await ctx.upload(alice.headers, 'room.dxf', buildRoomDxf({ unit: 'mm' }));

  await t.test('the analysis resource exists from upload on and completes with the takeoff', async () => {
    const early = await ctx.app.inject({ url: `/api/files/${roomId}/analysis`, headers: alice.headers });
    assert.equal(early.statusCode, 200);
    assert.ok(['pending', 'processing', 'completed'].includes(early.json<AnalysisJson>().status));
    const analysis = await finished(alice.headers, roomId);
    assert.equal(analysis.status, 'completed', JSON.stringify(analysis.error));
    const wall = analysis.result!.walls.centreLineLengthM;
    assert.ok(Math.abs(wall - ROOM_TRUTH.wallLength) / ROOM_TRUTH.wallLength < 0.005, `wall length ${wall}`);
    assert.ok(Object.keys(analysis.result!.materials).length > 0);
    const file = await ctx.app.inject({ url: `/api/files/${roomId}`, headers: alice.headers });
    assert.equal(file.json<{ status: string }>().status, 'analyzed');
  });

  await t.test('an unreadable drawing is stored and its analysis says why', async () => {
    const id = await ctx.upload(alice.headers, 'test.dwg', 'DWG_FILE_CONTENT'.repeat(1000));
    const analysis = await finished(alice.headers, id);
    assert.equal(analysis.status, 'failed');
    assert.match(analysis.error!.code, /^[A-Z_]+$/);
    assert.ok(analysis.error!.message.length > 0);
  });

  await t.test('preview.svg renders the drawing with a legend', async () => {
    const response = await ctx.app.inject({
      url: `/api/files/${roomId}/preview.svg`,
      headers: alice.headers,
    });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /image\/svg\+xml/);
    assert.match(response.body, /^<svg|<\?xml/);
  });

  await t.test('layer mappings are per tenant, validated, and win after a refresh', async () => {
    const before = await finished(alice.headers, roomId);
    const layer = Object.keys(before.result!.measurements.layers).find((name) => /wall/i.test(name));
    assert.ok(layer, 'room fixture has a wall layer');
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/layer-mappings',
      headers: alice.headers,
      payload: { mappings: [{ pattern: layer, element_class: 'annotation' }] },
    });
    assert.equal(put.statusCode, 200, put.body);
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: '/api/layer-mappings',
      headers: alice.headers,
      payload: { mappings: [{ pattern: 'X', element_class: 'spaceship' }] },
    });
    assert.equal(bad.statusCode, 400);
    for (const mappings of [
      [{ pattern: `${'*a'.repeat(100)}*b`, element_class: 'wall' }],
      Array.from({ length: 501 }, (_, i) => ({ pattern: `L${i}`, element_class: 'wall' })),
    ]) {
      const tooBig = await ctx.app.inject({
        method: 'PUT',
        url: '/api/layer-mappings',
        headers: alice.headers,
        payload: { mappings },
      });
      assert.equal(tooBig.statusCode, 400, 'patterns are at most 200 characters, at most 500 mappings');
    }
    const bobs = await ctx.app.inject({ url: '/api/layer-mappings', headers: bob.headers });
    assert.deepEqual(bobs.json(), { mappings: [] });
    // concurrent replacements of one tenant's set all succeed (they used to collide: 500 duplicate key)
    const together = await Promise.all(
      Array.from({ length: 12 }, () =>
        ctx.app.inject({
          method: 'PUT',
          url: '/api/layer-mappings',
          headers: bob.headers,
          payload: { mappings: [{ pattern: 'A-*', element_class: 'wall' }] },
        }),
      ),
    );
    assert.deepEqual(
      together.map((r) => r.statusCode),
      Array<number>(12).fill(200),
    );
    const bobsNow = await ctx.app.inject({ url: '/api/layer-mappings', headers: bob.headers });
    assert.deepEqual(bobsNow.json(), { mappings: [{ pattern: 'A-*', element_class: 'wall' }] });

    const startedAt = Date.now();
    const refresh = await ctx.app.inject({
      method: 'POST',
      url: `/api/files/${roomId}/analysis/refresh`,
      headers: alice.headers,
      payload: { storey_height: 2.5 },
    });
    assert.equal(refresh.statusCode, 202, refresh.body);
    const after = await finished(alice.headers, roomId, startedAt);
    const element = after.result!.elements.find((e) => e.name === layer);
    assert.equal(element?.elementClass, 'annotation');
    assert.ok(
      after.result!.walls.centreLineLengthM < ROOM_TRUTH.wallLength * 0.5,
      'walls on the remapped layer are no longer walls',
    );
  });

  await t.test('a refresh can set the unit of one file, and refuses a unit it does not know', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: `/api/files/${roomId}/analysis/refresh`,
      headers: alice.headers,
      payload: { units: 'yards' },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.body, /units/);
    const startedAt = Date.now();
    const refresh = await ctx.app.inject({
      method: 'POST',
      url: `/api/files/${roomId}/analysis/refresh`,
      headers: alice.headers,
      payload: { units: 'in' },
    });
    assert.equal(refresh.statusCode, 202, refresh.body);
    const after = await finished(alice.headers, roomId, startedAt);
    assert.deepEqual(
      [after.result!.units.name, after.result!.units.override, after.result!.options.units],
      ['inches', 'in', 'in'],
    );
    assert.match(after.result!.units.conflict ?? '', /points to millimetres/);
  });

  await t.test('another tenant cannot see the analysis or the preview', async () => {
    for (const url of [`/api/files/${roomId}/analysis`, `/api/files/${roomId}/preview.svg`]) {
      const response = await ctx.app.inject({ url, headers: bob.headers });
      assert.equal(response.statusCode, 404, url);
    }
  });
});
