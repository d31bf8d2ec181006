import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { buildDeps } from '../../src/deps.ts';
import { freshServerEnv, startServerProcess } from '../support/server-process.ts';
import { ADMIN_TOKEN, eventually, multipartFile, startTestApp } from '../support/test-app.ts';

const DXF = '  0\nSECTION\n  2\nENTITIES\n  0\nENDSEC\n  0\nEOF\n';

test('an upload accepted while no worker runs is analysed once a worker starts', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant();
  const body = multipartFile('plan.dxf', DXF);
  const uploaded = await ctx.app.inject({
    method: 'POST',
    url: '/api/files/upload',
    headers: { ...tenant.headers, ...body.headers },
    payload: body.payload,
  });
  const fileId = uploaded.json<{ file_id: string }>().file_id;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal((await ctx.deps.files.get(tenant.tenantId, fileId)).status, 'uploaded');

  const calls: string[] = [];
  const worker = await buildDeps(ctx.config, {
    runWorkers: true,
    log: () => undefined,
    engine: {
      analyze: async ({ filename }) => {
        calls.push(filename);
        return { ok: true };
      },
      preview: async () => gzipSync('<svg/>'),
      geometry: async () => gzipSync('{}'),
    },
  });
  t.after(() => worker.close());
  const analysis = await eventually(async () => {
    const a = await ctx.deps.analyses.get(tenant.tenantId, fileId);
    return a.status === 'completed' ? a : undefined;
  });
  assert.deepEqual(analysis.result, { ok: true });
  const file = await ctx.deps.files.get(tenant.tenantId, fileId);
  assert.equal(file.status, 'analyzed');
  assert.ok(file.processingMs !== null && file.processingMs >= 0);
  assert.deepEqual(calls, ['plan.dxf'], 'processed exactly once');
});

test('after kill -9 between the 200 and the processing, the file is processed after restart', async (t) => {
  const { env, baseUrl: base } = await freshServerEnv(t, 1);
  const { child: first } = await startServerProcess({ ...env, WORKER_ENABLED: 'false' });
  const tenant = (await (
    await fetch(`${base}/api/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'K' }),
    })
  ).json()) as { apiKey: string };
  const headers = { authorization: `Bearer ${tenant.apiKey}` };
  const form = new FormData();
  form.append('file', new Blob([DXF]), 'plan.dxf');
  const response = await fetch(`${base}/api/files/upload`, { method: 'POST', headers, body: form });
  assert.equal(response.status, 200);
  const { file_id: fileId } = (await response.json()) as { file_id: string };
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));

  const { child: second } = await startServerProcess({ ...env, WORKER_ENABLED: 'true' });
  t.after(() => {
    second.kill('SIGTERM');
  });
  const analysis = await eventually(async () => {
    const a = (await (await fetch(`${base}/api/files/${fileId}/analysis`, { headers })).json()) as {
      status: string;
    };
    return a.status === 'completed' || a.status === 'failed' ? a : undefined;
  }, 30_000);
  assert.ok(['completed', 'failed'].includes(analysis.status));
  const file = (await (await fetch(`${base}/api/files/${fileId}`, { headers })).json()) as { status: string };
  assert.ok(['analyzed', 'failed'].includes(file.status));
});
