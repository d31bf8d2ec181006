import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGarageDxf, GARAGE_TRUTH } from '../../test/fixtures/truth/garage.fixture.ts';
import { analyzeBytes } from './analyze.pipeline.ts';

const analyze = (dxf: string) =>
  analyzeBytes({ bytes: new TextEncoder().encode(dxf), filename: 'garage.dxf' });

void describe('doors without a swing', () => {
  void it('reads the garage door panel and the sliding door panels, each in its wall gap', async () => {
    const r = await analyze(buildGarageDxf());
    const doors = r.openings
      .filter((o) => o.kind === 'door')
      .map((o) => ({ widthM: Math.round(o.widthM * 1000) / 1000, source: o.source, onWall: o.onWall }))
      .sort((a, b) => b.widthM - a.widthM);
    assert.deepEqual(
      doors,
      GARAGE_TRUTH.doors.map((d) => ({ ...d, onWall: true })),
    );
    const method = r.takeoff.find((i) => i.id === 'door.count')?.method ?? '';
    assert.match(method, /1 sliding doors .* 1 garage doors/);
  });

  void it('leaves the gaps open when nothing on a door layer spans them (no door, no wall, no room)', async () => {
    // The same plan with its door panels moved to a layer that says nothing about doors.
    const dxf = buildGarageDxf().replace(/\nA-DOOR\n(?=[\s\S]*?\n(?:10|100)\n)/g, '\nLAYER9\n');
    const r = await analyze(dxf);
    assert.equal(r.openings.filter((o) => o.source === 'garage' || o.source === 'sliding').length, 0);
    // The 3 m gap is too wide to bridge; the 1.8 m one is bridged but, with no door in it, is a passage.
    assert.ok(
      Math.abs(r.walls.centreLineLengthM - (GARAGE_TRUTH.wallLengthM - 3 - 1.8)) < 0.01,
      String(r.walls.centreLineLengthM),
    );
    assert.equal(r.rooms.length, 0);
  });
});
