import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildHouseDxf, HOUSE_TRUTH, type HouseOptions } from '../../test/fixtures/truth/house.fixture.ts';
import { analyzeBytes } from './analyze.pipeline.ts';

function near(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= Math.abs(expected) * 0.005,
    `${what}: ${actual} is not within 0.5 % of ${expected}`,
  );
}

const VARIANTS: Array<[string, HouseOptions]> = [
  ['metres', { unit: 'm' }],
  ['millimetres', { unit: 'mm' }],
  ['inches under a header that says millimetres', { unit: 'in', wrongMmHeader: true }],
  ['millimetres with walls as solid hatches only', { unit: 'mm', walls: 'hatch' }],
];

void describe('generated house: gaps at doors, L/T/X junctions, two thicknesses, doors as swings only', () => {
  for (const [name, options] of VARIANTS) {
    void it(`is measured to its truth when drawn in ${name}`, async () => {
      const r = await analyzeBytes({
        bytes: new TextEncoder().encode(buildHouseDxf(options)),
        filename: 'house.dxf',
      });
      assert.equal(r.units.name, HOUSE_TRUTH.units[options.unit]);
      if (options.wrongMmHeader) assert.match(r.units.conflict ?? '', /declares millimetres/);
      else assert.equal(r.units.conflict, null);
      assert.equal(r.walls.types.length, HOUSE_TRUTH.wallTypes.length, JSON.stringify(r.walls.types));
      HOUSE_TRUTH.wallTypes.forEach((truth, i) => {
        const type = r.walls.types[i];
        near(type?.thicknessM ?? 0, truth.thicknessM, `wall type ${i} thickness`);
        near(type?.lengthM ?? 0, truth.lengthM, `wall type ${truth.thicknessM} m length`);
      });
      assert.equal(r.walls.singleLine, 0);
      assert.equal(r.takeoff.find((i) => i.id === 'door.count')?.quantity, HOUSE_TRUTH.doors);
      assert.equal(r.takeoff.find((i) => i.id === 'window.count')?.quantity, HOUSE_TRUTH.windows);
      assert.deepEqual(r.schedule, HOUSE_TRUTH.schedule);
      assert.ok(
        r.openings.every((o) => o.onWall),
        'every opening has its host wall',
      );
      assert.deepEqual(
        r.rooms.map((room) => room.name),
        HOUSE_TRUTH.rooms.map((room) => room.name),
      );
      HOUSE_TRUTH.rooms.forEach((truth, i) => {
        near(r.rooms[i]?.areaM2 ?? 0, truth.areaM2, `${truth.name} area`);
        near(r.rooms[i]?.perimeterM ?? 0, truth.perimeterM, `${truth.name} perimeter`);
        near(r.rooms[i]?.baseboardM ?? 0, truth.baseboardM, `${truth.name} baseboard`);
      });
      const area = HOUSE_TRUTH.rooms.reduce((s, room) => s + room.areaM2, 0);
      near(r.takeoff.find((i) => i.id === 'flooring.area')?.quantity ?? 0, area, 'flooring');
      const kinds = r.review.entries.map((e) => e.kind);
      assert.deepEqual(kinds, options.wrongMmHeader ? ['units'] : [], JSON.stringify(r.review.entries));
    });
  }

  void it('finds the door drawn on a meaningless layer and the door block with a meaningless name', async () => {
    const r = await analyzeBytes({
      bytes: new TextEncoder().encode(buildHouseDxf({ unit: 'm' })),
      filename: 'house.dxf',
    });
    assert.ok(r.openings.some((o) => o.layer === 'LAYER1' && o.source === 'swing'));
    const b17 = r.elements.find((e) => e.kind === 'block' && e.name === 'B17');
    assert.equal(b17?.elementClass, 'unclassified', 'the name says nothing');
    const door = r.openings.find((o) => o.block === 'B17');
    assert.deepEqual([door?.kind, door?.source], ['door', 'block']);
  });
});
