import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildRoomDxf,
  FIXTURE_UNITS,
  ROOM_TRUTH,
  type FixtureUnit,
} from '../../test/fixtures/drawings/room.fixture.ts';
import { analyzeBytes } from './analyze.pipeline.ts';
import { MATERIAL_CATALOG } from './material-rates.ts';
import type { AnalysisResult } from './analysis.result.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function quantity(r: AnalysisResult, id: string): number {
  const line = r.takeoff.find((i) => i.id === id);
  assert.ok(line, `line item ${id} missing; have ${r.takeoff.map((i) => i.id).join(', ')}`);
  return line.quantity;
}

function near(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= Math.abs(expected) * 0.005,
    `${what}: ${actual} is not within 0.5 % of ${expected}`,
  );
}

function checkRoom(r: AnalysisResult): void {
  near(quantity(r, 'wall.masonry.length'), ROOM_TRUTH.wallLength, 'wall centre-line length');
  near(quantity(r, 'wall.masonry.area_gross'), ROOM_TRUTH.wallAreaGross, 'gross wall area');
  near(quantity(r, 'wall.masonry.area_net'), ROOM_TRUTH.wallAreaNet, 'net wall area');
  near(quantity(r, 'wall.masonry.volume'), ROOM_TRUTH.wallVolume, 'wall volume');
  assert.deepEqual(r.walls.thicknessesM, [ROOM_TRUTH.wallThickness]);
  assert.equal(quantity(r, 'door.count'), ROOM_TRUTH.doors);
  assert.equal(quantity(r, 'window.count'), ROOM_TRUTH.windows);
  assert.equal(quantity(r, 'plumbing_fixture.count'), ROOM_TRUTH.fixtures);
  near(quantity(r, 'door.area') + quantity(r, 'window.area'), ROOM_TRUTH.openingArea, 'opening area');
  assert.ok(
    r.openings.every((o) => o.onWall),
    'every opening sits on a wall',
  );
  near(quantity(r, 'finish.area.ANSI31'), ROOM_TRUTH.floorArea, 'hatched floor area');
  near(quantity(r, 'slab.area'), ROOM_TRUTH.slabArea, 'slab area');
  near(quantity(r, 'slab.perimeter'), ROOM_TRUTH.slabPerimeter, 'slab perimeter');
  near(quantity(r, 'pipe.length'), ROOM_TRUTH.pipeLength, 'pipe length');
}

void describe('generated room with known quantities', () => {
  for (const unit of Object.keys(FIXTURE_UNITS) as FixtureUnit[]) {
    for (const walls of ['lines', 'polylines', 'gapped'] as const) {
      void it(`is measured exactly in ${unit} with walls as ${walls}`, async () => {
        const r = await analyzeBytes({
          bytes: encode(buildRoomDxf({ unit, walls })),
          filename: `room-${unit}.dxf`,
        });
        assert.equal(r.units.metresPerUnit, FIXTURE_UNITS[unit].metres);
        checkRoom(r);
      });
    }
  }

  void it('uses the unit the geometry shows when the header lies (mm declared, imperial dimension style)', async () => {
    const r = await analyzeBytes({
      bytes: encode(buildRoomDxf({ unit: 'in', declareMmButImperial: true })),
      filename: 'liar.dxf',
    });
    assert.equal(r.units.declared, 4);
    assert.equal(r.units.name, 'inches');
    assert.match(r.units.reason, /imperial/);
    checkRoom(r);
  });

  void it('uses the unit the door swings, fixtures and text show when a metric header is all there is', async () => {
    const r = await analyzeBytes({
      bytes: encode(buildRoomDxf({ unit: 'in', declareMm: true })),
      filename: 'inch-plan-mm-header.dxf',
    });
    assert.deepEqual([r.units.declared, r.units.name], [4, 'inches']);
    assert.match(r.units.conflict ?? '', /INSUNITS=4 declares millimetres/);
    assert.ok(r.warnings.includes(r.units.conflict ?? ''), 'the conflict is a warning');
    const doors = r.units.votes.find((v) => v.kind === 'doors');
    assert.deepEqual([doors?.agree, doors?.items], [3, 3]);
    checkRoom(r);
  });

  void it('expands nested, rotated, scaled and mirrored blocks and counts their inserts at every depth', async () => {
    const r = await analyzeBytes({ bytes: encode(buildRoomDxf({ unit: 'm' })), filename: 'room.dxf' });
    assert.deepEqual(r.measurements.blocks, {
      DOOR_ASSEMBLY: { inserts: 1 },
      DOOR: { inserts: 2 },
      DOOR_HALF: { inserts: 1 },
      WIN: { inserts: 2 },
      'W-ASSY': { inserts: 1 },
      BATHROOM: { inserts: 1 },
      WC: { inserts: 2 },
    });
    // Layer-0 entities inside door blocks take the insert's layer: 3 leaves of 0.9 m and 3 quarter arcs.
    const doors = r.measurements.layers['A-DOOR'];
    assert.deepEqual(doors?.entities, { INSERT: 4, LINE: 3, ARC: 3 });
    near(doors?.length ?? 0, 3 * 0.9 + 3 * ((Math.PI * 0.9) / 2), 'door layer length');
    assert.equal(r.measurements.layers['0'], undefined, 'nothing stays on layer 0');
    near(r.measurements.layers['A-WALL']?.length ?? 0, 2 * (2 * (10.2 + 8.2)) - 1.6, 'wall face lengths');
  });

  void it('cleans xref layer names for classification and keeps the raw name', async () => {
    const r = await analyzeBytes({ bytes: encode(buildRoomDxf({ unit: 'm' })), filename: 'room.dxf' });
    const glaz = r.elements.find((e) => e.kind === 'layer' && e.name === 'xref-Plan$0$A-GLAZ');
    assert.equal(glaz?.cleanName, 'A-GLAZ');
    assert.equal(glaz?.elementClass, 'window');
    assert.match(glaz?.rule ?? '', /NCS/);
  });

  void it('lets tenant mappings win over built-in rules', async () => {
    const bytes = encode(buildRoomDxf({ unit: 'm' }));
    const r = await analyzeBytes(
      { bytes, filename: 'room.dxf' },
      { layerMappings: [{ pattern: 'a-wa*', elementClass: 'pipe' }] },
    );
    assert.equal(
      r.takeoff.find((i) => i.id.startsWith('wall.')),
      undefined,
    );
    near(
      quantity(r, 'pipe.length'),
      ROOM_TRUTH.pipeLength + 2 * (2 * (10.2 + 8.2)) - 1.6,
      'pipes now include the wall lines',
    );
    const wall = r.elements.find((e) => e.name === 'A-WALL');
    assert.deepEqual(
      [wall?.elementClass, wall?.confidence, wall?.rule],
      ['pipe', 1, 'tenant mapping "a-wa*"'],
    );
  });

  void it('follows the storey height option and derives materials in catalog names only', async () => {
    const r = await analyzeBytes(
      { bytes: encode(buildRoomDxf({ unit: 'cm' })), filename: 'room.dxf' },
      { storeyHeight: 2.5 },
    );
    near(quantity(r, 'wall.masonry.area_gross'), 36 * 2.5, 'gross area at 2.5 m');
    const net = 36 * 2.5 - ROOM_TRUTH.openingArea;
    near(r.materials.brick?.quantity ?? 0, net * 118, 'bricks');
    near(
      r.materials.floor_tile?.quantity ?? 0,
      ROOM_TRUTH.floorArea,
      'floor tiles (net: waste is the estimator’s)',
    );
    assert.deepEqual(
      [r.materials.door, r.materials.window, r.materials.plumbing_fixture],
      [
        { quantity: 3, unit: 'ea' },
        { quantity: 2, unit: 'ea' },
        { quantity: 2, unit: 'ea' },
      ],
    );
    const allowed = Object.keys(MATERIAL_CATALOG);
    for (const name of Object.keys(r.materials))
      assert.ok(allowed.includes(name), `${name} is not a catalog name`);
  });

  void it('traces every line item to layers, handles and a method', async () => {
    const r = await analyzeBytes({ bytes: encode(buildRoomDxf({ unit: 'mm' })), filename: 'room.dxf' });
    for (const line of r.takeoff) {
      assert.ok(line.layers.length > 0 && line.handles.length > 0 && line.method.length > 0, line.id);
      assert.ok(line.confidence > 0 && line.confidence <= 1, line.id);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'the result is plain JSON');
  });
});
