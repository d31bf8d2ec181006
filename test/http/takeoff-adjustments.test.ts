import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { eventually, startTestApp } from '../support/test-app.ts';

interface Line {
  id: string;
  quantity: number;
}
interface EstimateLine {
  source_ref: string;
  material: string;
  quantity: number;
}
interface Adjustment {
  id: string;
  kind: string;
  quantity: number | null;
  unit: string | null;
  created_by: string;
  created_at: string;
}

test('takeoff adjustments: manual measurements and exclusions flow into estimates, the machine result stays', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'true' });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const fileId = await ctx.upload(alice.headers, 'room.dxf', buildRoomDxf({ unit: 'm' }));
  const takeoff = await eventually(async () => {
    const response = await ctx.app.inject({ url: `/api/files/${fileId}/analysis`, headers: alice.headers });
    const body = response.json<{ status: string; result: { takeoff: Line[] } }>();
    return body.status === 'completed' ? body.result.takeoff : undefined;
  }, 60_000);
  const adjustmentsUrl = `/api/files/${fileId}/takeoff-adjustments`;
  const post = (headers: Record<string, string>, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: adjustmentsUrl, headers, payload });
  const estimate = async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/cost-estimates',
      headers: alice.headers,
      payload: { file_id: fileId, location: 'New York' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ lines: EstimateLine[]; total: number }>().lines;
  };
  const machine = await estimate();
  const tileBefore = machine.find((l) => l.material === 'floor_tile')?.quantity ?? 0;
  assert.ok(machine.some((l) => l.material === 'door'));

  // a 10 × 10 unit square at 0.5 m per unit (a calibration) is 25 m² of floor finish
  const area = await post(alice.headers, {
    kind: 'measurement',
    tool: 'area',
    item: 'finish.area.manual',
    label: 'Terrace',
    points: [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ],
    metres_per_unit: 0.5,
  });
  assert.equal(area.statusCode, 201, area.body);
  const measured = area.json<Adjustment>();
  assert.equal(measured.quantity, 25);
  assert.equal(measured.unit, 'm2');
  assert.equal(measured.created_by, `key:${alice.keyId}`);
  assert.ok(Date.parse(measured.created_at) > 0);

  const doorLine = takeoff.find((l) => l.id === 'door.count');
  assert.ok(doorLine, 'the room has doors');
  const excluded = await post(alice.headers, { kind: 'exclude_line', line_id: 'door.count' });
  assert.equal(excluded.statusCode, 201, excluded.body);

  // what cannot apply is refused in words
  const wrongTool = await post(alice.headers, {
    kind: 'measurement',
    tool: 'count',
    item: 'finish.area.manual',
    points: [[1, 1]],
    metres_per_unit: 1,
  });
  assert.equal(wrongTool.statusCode, 422);
  assert.match(wrongTool.json<{ message: string }>().message, /count tool cannot measure/);
  const unknownLine = await post(alice.headers, { kind: 'exclude_line', line_id: 'no.such.line' });
  assert.equal(unknownLine.statusCode, 422);
  const stranger = await post(alice.headers, {
    kind: 'exclude_entities',
    line_id: 'door.count',
    handles: ['ZZZZ'],
  });
  assert.equal(stranger.statusCode, 422);

  const list = await ctx.app.inject({ url: adjustmentsUrl, headers: alice.headers });
  assert.equal(list.statusCode, 200);
  const listed = list.json<{
    items: Adjustment[];
    measurement_items: Array<{ item: string; unit: string }>;
  }>();
  assert.deepEqual(
    listed.items.map((a) => a.kind),
    ['measurement', 'exclude_line'],
  );
  assert.ok(listed.measurement_items.some((i) => i.item === 'door.count' && i.unit === 'ea'));

  // the estimate prices the corrected takeoff; the analysis keeps the machine's lines
  const corrected = await estimate();
  const tile = corrected.find((l) => l.material === 'floor_tile')!;
  assert.equal(Math.round((tile.quantity - tileBefore) * 1000) / 1000, 25);
  assert.match(tile.source_ref, new RegExp(`manual:${measured.id}`));
  assert.equal(
    corrected.find((l) => l.material === 'door'),
    undefined,
  );
  const analysis = await ctx.app.inject({ url: `/api/files/${fileId}/analysis`, headers: alice.headers });
  assert.ok(
    analysis.json<{ result: { takeoff: Line[] } }>().result.takeoff.some((l) => l.id === 'door.count'),
  );

  // another tenant sees and touches none of it
  assert.equal((await ctx.app.inject({ url: adjustmentsUrl, headers: bob.headers })).statusCode, 404);
  assert.equal((await post(bob.headers, { kind: 'exclude_line', line_id: 'door.count' })).statusCode, 404);
  const bobDelete = await ctx.app.inject({
    method: 'DELETE',
    url: `${adjustmentsUrl}/${measured.id}`,
    headers: bob.headers,
  });
  assert.equal(bobDelete.statusCode, 404);

  // undoing a correction brings the machine quantity back
  const undo = await ctx.app.inject({
    method: 'DELETE',
    url: `${adjustmentsUrl}/${measured.id}`,
    headers: alice.headers,
  });
  assert.equal(undo.statusCode, 204);
  const again = await ctx.app.inject({
    method: 'DELETE',
    url: `${adjustmentsUrl}/${measured.id}`,
    headers: alice.headers,
  });
  assert.equal(again.statusCode, 404);
  const afterUndo = await estimate();
  assert.equal(afterUndo.find((l) => l.material === 'floor_tile')?.quantity ?? 0, tileBefore);

  // deleting the file deletes its corrections
  await ctx.app.inject({ method: 'DELETE', url: `/api/files/${fileId}`, headers: alice.headers });
  assert.equal((await ctx.app.inject({ url: adjustmentsUrl, headers: alice.headers })).statusCode, 404);
});
