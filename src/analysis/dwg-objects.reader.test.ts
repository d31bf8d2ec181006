import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { SHARED_DRAWINGS } from '../../test/fixtures/drawings/hostile.fixture.ts';
import { DEFAULT_LIMITS } from './analysis.limits.ts';
import type { Drawing, DrawingEntity } from './drawing.model.ts';
import { readDwg } from './dwg.reader.ts';
import { readDxf } from './dxf.reader.ts';

async function read(name: string): Promise<Drawing> {
  const bytes = await readFile(new URL(name, SHARED_DRAWINGS));
  return name.endsWith('.dwg') ? readDwg(bytes, DEFAULT_LIMITS) : readDxf(bytes, DEFAULT_LIMITS);
}

function polylines(d: Drawing): Map<string, Extract<DrawingEntity, { kind: 'polyline' }>> {
  const all = [...d.entities, ...[...d.blocks.values()].flatMap((b) => b.entities)];
  return new Map(
    all.flatMap((e) => (e.kind === 'polyline' && e.type === 'POLYLINE' ? [[e.handle.toUpperCase(), e]] : [])),
  );
}

void describe('DWG R13–R2000 polylines and unconverted entities', () => {
  for (const name of ['example_2000.dwg', 'example_r14.dwg']) {
    void it(`${name}: old-style POLYLINEs keep every vertex of the DXF twin (the last one was lost)`, async () => {
      const [dwg, dxf] = await Promise.all([read(name), read('example_2000.dxf')]);
      const twin = polylines(dxf);
      const mine = polylines(dwg);
      assert.ok(mine.size > 0, 'the drawing has old-style polylines');
      for (const [handle, p] of mine) {
        const q = twin.get(handle);
        assert.ok(q, `POLYLINE ${handle} is in the DXF`);
        assert.equal(p.vertices.length, q.vertices.length, `POLYLINE ${handle} vertex count`);
        p.vertices.forEach((v, i) => {
          assert.ok(Math.abs(v.x - (q.vertices[i]?.x ?? NaN)) < 1e-6, `${handle} vertex ${i} x`);
          assert.ok(Math.abs(v.y - (q.vertices[i]?.y ?? NaN)) < 1e-6, `${handle} vertex ${i} y`);
        });
      }
      assert.ok(dwg.warnings.some((w) => /last vertex restored/.test(w)));
    });
  }

  void it('entity types the DWG reader does not convert are named in warnings with their counts', async () => {
    const dwg = await read('example_2000.dwg');
    for (const expected of [
      '2 REGION entities in the file could not be converted',
      '1 LIGHT entity in the file could not be converted',
      '1 ARC_DIMENSION entity in the file could not be converted',
      '1 POLYLINE (polyface mesh) entity in the file could not be converted',
    ])
      assert.ok(dwg.warnings.includes(expected), `${expected}: ${dwg.warnings.join('; ')}`);
    assert.ok(
      !dwg.warnings.some((w) => /\bLINE entit|LWPOLYLINE|ACAD_TABLE/.test(w)),
      dwg.warnings.join('; '),
    );
  });
});
