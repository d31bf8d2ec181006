import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wallModelIfc } from '../fixtures/ifc/model.fixture.ts';
import { roomPdf } from '../fixtures/pdf/plans.fixture.ts';
import { eventually, startTestApp } from '../support/test-app.ts';

interface AnalysisJson {
  status: string;
  error: { code: string; message: string } | null;
  result: {
    file: { format: string };
    measurements: {
      pages?: Array<{ page: number; vector: boolean; scale: { ratio: number } | null; length: number }>;
      elements?: Record<string, { count: number; quantities: Record<string, number> }>;
      storeys?: Array<{ name: string }>;
    };
    takeoff: Array<{ id: string; quantity: number; handles: string[] }>;
  } | null;
}

test('upload → analysis reads PDF sheets and IFC models', async (t) => {
  const ctx = await startTestApp({}, { runWorkers: true });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const finished = (id: string) =>
    eventually(async () => {
      const response = await ctx.app.inject({ url: `/api/files/${id}/analysis`, headers: alice.headers });
      const body = response.json<AnalysisJson>();
      return body.status === 'completed' || body.status === 'failed' ? body : undefined;
    }, 90_000);

  const pdfId = await ctx.upload(
    alice.headers,
    'room.pdf',
    Buffer.from(await roomPdf({ ratio: 50, note: 'SCALE 1:50' })),
  );
  const ifcId = await ctx.upload(alice.headers, 'wall.ifc', wallModelIfc());

  await t.test('a vector PDF at 1:50: the page measures 36 m of stroked paths', async () => {
    const analysis = await finished(pdfId);
    assert.equal(analysis.status, 'completed', JSON.stringify(analysis.error));
    const page = analysis.result?.measurements.pages?.[0];
    assert.equal(analysis.result?.file.format, 'pdf');
    assert.equal(page?.scale?.ratio, 50);
    assert.ok(Math.abs((page?.length ?? 0) - 36) < 0.18, `length ${page?.length}`);
  });

  await t.test('an IFC model: elements by class, storeys and line items', async () => {
    const analysis = await finished(ifcId);
    assert.equal(analysis.status, 'completed', JSON.stringify(analysis.error));
    const wall = analysis.result?.measurements.elements?.IfcWall;
    assert.equal(wall?.count, 1);
    assert.ok(Math.abs((wall?.quantities.NetVolume ?? 0) - 3) < 0.015);
    assert.deepEqual(
      analysis.result?.measurements.storeys?.map((s) => s.name),
      ['Level 0'],
    );
    assert.ok(analysis.result?.takeoff.some((i) => i.id === 'slab.area' && Math.abs(i.quantity - 24) < 0.12));
  });

  await t.test('an IFC has no plan preview: a named 422, not a 5xx', async () => {
    const response = await ctx.app.inject({ url: `/api/files/${ifcId}/preview.svg`, headers: alice.headers });
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.json<{ code: string }>().code, 'UNSUPPORTED_FORMAT');
  });
});
