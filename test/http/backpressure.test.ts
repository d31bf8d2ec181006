import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeps } from '../../src/deps.ts';
import { eventually, multipartFile, startTestApp } from '../support/test-app.ts';

const DXF =
  '  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\nA-WALL\n 10\n0\n 20\n0\n 11\n10\n 21\n0\n  0\nENDSEC\n  0\nEOF\n';

test('analysis backlog: uploads past the quota get 429 and change nothing; every accepted upload is analysed', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', QUOTA_ANALYSIS_BACKLOG: '3' });
  t.after(() => ctx.close());
  const busy = await ctx.createTenant('Busy');
  const quiet = await ctx.createTenant('Quiet');
  const upload = (headers: Record<string, string>, name: string) => {
    const body = multipartFile(name, DXF);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/files/upload',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };
  const filesOf = async (headers: Record<string, string>) =>
    (await ctx.app.inject({ url: '/api/files?limit=100', headers })).json<{
      items: Array<{ file_id: string }>;
    }>().items;
  const quotasOf = async (headers: Record<string, string>) =>
    (await ctx.app.inject({ url: '/api/me', headers })).json<{
      quotas: Record<string, { limit: number; used: number }>;
    }>().quotas;
  const blobCount = () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
      );
    return walk(join(ctx.config.dataDir, 'blobs')).filter((path) => !path.includes('/tmp/')).length;
  };

  // Sequential uploads up to the backlog quota are accepted; nothing analyses them (no worker).
  for (let i = 0; i < 3; i++) assert.equal((await upload(busy.headers, `plan-${i}.dxf`)).statusCode, 200);
  const before = await quotasOf(busy.headers);
  assert.deepEqual(before.analysis_backlog, { limit: 3, used: 3 });
  const blobsBefore = blobCount();

  const refused = await upload(busy.headers, 'one-too-many.dxf');
  assert.equal(refused.statusCode, 429, refused.body);
  const error = refused.json<{ code: string; quota: string; limit: number; used: number; message: string }>();
  assert.equal(error.code, 'QUOTA_EXCEEDED');
  assert.equal(error.quota, 'analysis_backlog');
  assert.deepEqual([error.limit, error.used], [3, 3]);
  assert.match(error.message, /analysis_backlog/);
  assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After names when to try again');

  // The refusal changed nothing: no row, no blob, no quota counted, the same backlog.
  assert.equal((await filesOf(busy.headers)).length, 3);
  assert.equal(blobCount(), blobsBefore);
  assert.deepEqual(await quotasOf(busy.headers), before);

  // Another tenant's uploads are not held back by this tenant's backlog.
  assert.equal((await upload(quiet.headers, 'quiet.dxf')).statusCode, 200);

  // A worker starts: every accepted upload is analysed, and the busy tenant may upload again.
  const worker = await buildDeps(ctx.config, { runWorkers: true, log: () => undefined });
  t.after(() => worker.close());
  const accepted = [...(await filesOf(busy.headers)), ...(await filesOf(quiet.headers))];
  assert.equal(accepted.length, 4);
  for (const { file_id: fileId } of accepted) {
    const tenantId = (await filesOf(busy.headers)).some((f) => f.file_id === fileId)
      ? busy.tenantId
      : quiet.tenantId;
    await eventually(async () => {
      const analysis = await ctx.deps.analyses.get(tenantId, fileId);
      return analysis.status === 'completed' ? analysis : undefined;
    }, 60_000);
  }
  assert.equal((await quotasOf(busy.headers)).analysis_backlog!.used, 0);
  assert.equal((await upload(busy.headers, 'after.dxf')).statusCode, 200);
});

test('concurrent uploads against a full backlog all get 429 and leave nothing behind', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', QUOTA_ANALYSIS_BACKLOG: '5' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant();
  const send = (i: number) => {
    const body = multipartFile(`plan-${i}.dxf`, DXF);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/files/upload',
      headers: { ...tenant.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const accepted: string[] = [];
  for (let i = 0; i < 5; i++) accepted.push((await send(i)).json<{ file_id: string }>().file_id);
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send(100 + i)));
  assert.deepEqual(
    answers.map((a) => a.statusCode),
    Array(20).fill(429),
  );
  const listed = (await ctx.app.inject({ url: '/api/files?limit=100', headers: tenant.headers })).json<{
    items: Array<{ file_id: string }>;
  }>().items;
  assert.deepEqual(listed.map((f) => f.file_id).sort(), [...accepted].sort(), 'exactly the accepted files');
  const me = (await ctx.app.inject({ url: '/api/me', headers: tenant.headers })).json<{
    quotas: Record<string, { used: number }>;
  }>();
  assert.equal(me.quotas.uploads_per_day!.used, 5, 'refused uploads are not counted');
  assert.equal(me.quotas.files!.used, 5);
});
