import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { SHARED_DRAWINGS } from '../../test/fixtures/drawings/hostile.fixture.ts';
import { wallModelIfc } from '../../test/fixtures/ifc/model.fixture.ts';
import { DrawingAnalysisError } from './analysis.errors.ts';
import { analyzeBytes } from './analyze.pipeline.ts';
import { computedQuantities } from './ifc-quantities.calculator.ts';
import { readIfc } from './ifc.reader.ts';
import { DEFAULT_LIMITS } from './analysis.limits.ts';
import { analyzeDrawing } from './index.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function within(actual: number | undefined, expected: number, what: string, tolerance = 0.005): void {
  assert.ok(actual !== undefined, `${what} missing`);
  assert.ok(
    Math.abs(actual - expected) <= Math.abs(expected) * tolerance,
    `${what}: ${actual} vs ${expected}`,
  );
}

async function rejectsWith(run: () => Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof DrawingAnalysisError, String(e));
    assert.equal(e.code, code, e.message);
    return true;
  });
}

void describe('IFC reader', () => {
  void it('a model without quantity sets gets its quantities from the geometry, in SI whatever its units', async () => {
    for (const millimetres of [false, true]) {
      const r = await analyzeBytes({ bytes: encode(wallModelIfc({ millimetres })), filename: 'wall.ifc' });
      const wall = r.measurements.elements?.IfcWall;
      assert.equal(wall?.count, 1);
      within(wall?.quantities.Length, 5, 'wall length');
      within(wall?.quantities.Height, 3, 'wall height');
      within(wall?.quantities.Width, 0.2, 'wall width');
      within(wall?.quantities.NetSideArea, 15, 'wall side area');
      within(wall?.quantities.NetVolume, 3, 'wall volume');
      assert.ok(wall?.computed.includes('NetVolume'));
      assert.deepEqual(wall?.materials, { 'Concrete C30/37': 1 });
      const slab = r.measurements.elements?.IfcSlab;
      within(slab?.quantities.NetArea, 24, 'slab area');
      within(slab?.quantities.Width, 0.25, 'slab thickness');
      assert.deepEqual(r.measurements.storeys, [
        { name: 'Level 0', elevation: 0, elements: { IfcWall: 1, IfcSlab: 1 } },
      ]);
      const items = Object.fromEntries(r.takeoff.map((i) => [i.id, i]));
      within(items['wall.concrete.volume']?.quantity, 3, 'wall volume item');
      within(items['slab.area']?.quantity, 24, 'slab area item');
      assert.deepEqual(items['wall.concrete.volume']?.handles, ['7YvctVUKr0kugbFTf53O9L']);
      assert.ok((r.materials.concrete?.quantity ?? 0) > 0, 'the items price like any drawing');
    }
  });

  void it('AC20-FZK-Haus.ifc: quantities computed from geometry agree with its BaseQuantities within 2 %', async () => {
    const model = await readIfc(
      await readFile(new URL('AC20-FZK-Haus.ifc', SHARED_DRAWINGS)),
      DEFAULT_LIMITS,
    );
    const openings = new Map(
      model.elements.filter((e) => e.ifcClass === 'IfcOpeningElement').map((e) => [e.expressId, e]),
    );
    const compared: Record<string, { given: number; computed: number }> = {};
    for (const e of model.elements) {
      for (const [name, value] of Object.entries(computedQuantities(e, openings))) {
        const given = e.given[name];
        if (given === undefined) continue;
        const c = (compared[`${e.ifcClass}.${name}`] ??= { given: 0, computed: 0 });
        c.given += given;
        c.computed += value;
      }
    }
    const checked = [
      'IfcWallStandardCase.Length',
      'IfcWallStandardCase.Height',
      'IfcWallStandardCase.Width',
      'IfcWallStandardCase.NetSideArea',
      'IfcWallStandardCase.GrossSideArea',
      'IfcWallStandardCase.NetVolume',
      'IfcWallStandardCase.GrossVolume',
      'IfcSlab.Width',
      'IfcSlab.NetArea',
      'IfcSlab.GrossArea',
      'IfcSlab.NetVolume',
      'IfcSlab.GrossVolume',
      'IfcDoor.Area',
      'IfcWindow.Area',
      'IfcBeam.Length',
      'IfcBeam.NetVolume',
      'IfcSpace.GrossFloorArea',
      'IfcSpace.NetVolume',
      'IfcOpeningElement.Area',
    ];
    for (const key of checked) {
      const c = compared[key];
      assert.ok(c, `${key}: not compared`);
      within(c.computed, c.given, key, 0.02);
    }
  });

  void it('AC20-FZK-Haus.ifc: elements by class, storeys, types, materials, and the takeoff', async () => {
    const bytes = await readFile(new URL('AC20-FZK-Haus.ifc', SHARED_DRAWINGS));
    const r = await analyzeBytes({ bytes, filename: 'AC20-FZK-Haus.ifc' });
    const el = r.measurements.elements ?? {};
    assert.equal(r.file.format, 'ifc');
    assert.deepEqual(Object.fromEntries(Object.entries(el).map(([k, v]) => [k, v.count])), {
      IfcWallStandardCase: 13,
      IfcSlab: 4,
      IfcDoor: 5,
      IfcWindow: 11,
      IfcBeam: 4,
      IfcStair: 1,
      IfcRailing: 2,
      IfcMember: 42,
      IfcSpace: 7,
      IfcOpeningElement: 17,
    });
    // the model's BaseQuantities are used where it has them, not the computed ones
    assert.deepEqual(el.IfcWallStandardCase?.computed, []);
    within(el.IfcWallStandardCase?.quantities.NetVolume, 54.481081, 'wall NetVolume', 1e-6);
    assert.deepEqual(
      r.measurements.storeys?.map((s) => [s.name, s.elevation]),
      [
        ['Erdgeschoss', 0],
        ['Dachgeschoss', 2.7],
      ],
    );
    assert.equal(el.IfcWallStandardCase?.materials['Leichtbeton 102890359'], 13);
    assert.equal(el.IfcDoor?.types.Eingangstür, 1);
    const ids = r.takeoff.map((i) => i.id);
    for (const id of ['wall.concrete.area_net', 'slab.volume', 'roof.area', 'door.count', 'window.count'])
      assert.ok(ids.includes(id), `${id} in the takeoff`);
    assert.equal(r.openings.filter((o) => o.kind === 'window').length, 11);
  });

  void it('IfcOpenHouse_IFC4.ifc (no quantity sets) is measured from its geometry', async () => {
    const bytes = await readFile(new URL('IfcOpenHouse_IFC4.ifc', SHARED_DRAWINGS));
    const r = await analyzeBytes({ bytes, filename: 'IfcOpenHouse_IFC4.ifc' });
    const walls = r.measurements.elements?.IfcWallStandardCase;
    assert.equal(walls?.count, 4);
    assert.ok(walls?.computed.includes('NetSideArea'));
    assert.ok((walls?.quantities.NetVolume ?? 0) > 0);
  });
});

void describe('hostile IFC files fail cleanly', () => {
  void it('random, truncated and unparseable files get named errors', async () => {
    const real = await readFile(new URL('example.ifc', SHARED_DRAWINGS));
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    await rejectsWith(() => analyzeBytes({ bytes: random, filename: 'r.ifc' }), 'MALFORMED_DRAWING');
    for (const fraction of [0.05, 0.5, 0.95])
      await rejectsWith(
        () =>
          analyzeBytes({ bytes: real.subarray(0, Math.floor(real.length * fraction)), filename: 't.ifc' }),
        'TRUNCATED',
      );
    const noise = new Uint8Array([
      ...encode('ISO-10303-21;\nHEADER;\n'),
      ...random,
      ...encode('\nEND-ISO-10303-21;\n'),
    ]);
    await rejectsWith(() => analyzeBytes({ bytes: noise, filename: 'n.ifc' }), 'MALFORMED_DRAWING');
  });

  void it('text that is not STEP, or a line short of a list web-ifc reads, is refused (web-ifc never returned)', async () => {
    const model = wallModelIfc();
    const items = "#48=IFCSHAPEREPRESENTATION(#13,'Body','SweptSolid',(#47));";
    const representations = '#49=IFCPRODUCTDEFINITIONSHAPE($,$,(#48));';
    for (const [line, broken] of [
      [items, "#48=IFCSHAPEREPRESENTATION(#13('Body','SweptSolid',(#47));"],
      [items, "#48=IFCSHAPEREPRESENTATION(#13,'Body','SweptSolid');"],
      [representations, '#49=IFCPRODUCTDEFINITIONSHAPE($,$,.X.);'],
      [representations, '#48=IFCPRODUCTDEFINITIONSHAPE($,$,(#48));'], // #48 twice
      [representations, `ENDSEC;\nEND-ISO-10303-21;\n${representations}`], // text after the end
    ] as const) {
      assert.ok(model.includes(line), line);
      await rejectsWith(
        () => readIfc(encode(model.replace(line, broken)), DEFAULT_LIMITS),
        'MALFORMED_DRAWING',
      );
    }
  });

  void it('a placement that refers to itself through another is read in the worker without hanging', async () => {
    const r = await analyzeDrawing({
      bytes: encode(wallModelIfc({ placementCycle: true })),
      filename: 'c.ifc',
    });
    assert.equal(r.measurements.elements?.IfcWall?.count, 1);
  });
});
