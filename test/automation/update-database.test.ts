import { test } from 'node:test';
import assert from 'node:assert/strict';

import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { eventually, startTestApp } from '../support/test-app.ts';

interface FileView {
  file_id: string;
  status: string;
  status_label: string | null;
  tags: string[];
  notes: string | null;
}

test('an update_database action is visible at once in cached file reads (not an hour later)', async (t) => {
  const ctx = await startTestApp({}, { runWorkers: true });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const getJson = async <T>(headers: Record<string, string>, url: string) => {
    const response = await ctx.app.inject({ url, headers });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<T>();
  };
  const settled = async (headers: Record<string, string>, fileId: string) =>
    eventually(async () => {
      const file = await getJson<FileView>(headers, `/api/files/${fileId}`);
      return ['analyzed', 'failed'].includes(file.status) ? file : undefined;
    });

  const fileId = await ctx.upload(alice.headers, 'room.dxf', buildRoomDxf({ unit: 'm' }));
  const bobFileId = await ctx.upload(bob.headers, 'room.dxf', buildRoomDxf({ unit: 'm' }));
  // Once analysed nothing else changes the files: the reads below are served from the cache.
  await settled(alice.headers, fileId);
  await settled(bob.headers, bobFileId);
  for (const headers of [alice.headers, bob.headers]) {
    await getJson(headers, '/api/files');
    await getJson(headers, '/api/files');
  }
  await getJson(alice.headers, `/api/files/${fileId}`);

  const rule = await ctx.app.inject({
    method: 'POST',
    url: '/api/automation-rules',
    headers: alice.headers,
    payload: {
      name: 'Label uploads',
      trigger_type: 'file_uploaded',
      actions: [{ type: 'update_database', status_label: 'reviewed', tags: ['auto'], notes: 'by rule' }],
    },
  });
  assert.equal(rule.statusCode, 201, rule.body);
  const announced = await ctx.app.inject({
    method: 'POST',
    url: '/api/events/file-uploaded',
    headers: alice.headers,
    payload: { file_id: fileId },
  });
  assert.equal(announced.statusCode, 202, announced.body);

  const labelled = (file: FileView | undefined) =>
    file?.status_label === 'reviewed' && file.notes === 'by rule' && file.tags.includes('auto');
  const updated = await eventually(async () => {
    const file = await getJson<FileView>(alice.headers, `/api/files/${fileId}`);
    return labelled(file) ? file : undefined;
  });
  assert.equal(updated.file_id, fileId);
  const list = await getJson<{ items: FileView[] }>(alice.headers, '/api/files');
  assert.ok(labelled(list.items.find((f) => f.file_id === fileId)), 'the cached list shows the new labels');

  const bobList = await getJson<{ items: FileView[] }>(bob.headers, '/api/files');
  assert.deepEqual(
    bobList.items.map((f) => [f.file_id, f.status_label]),
    [[bobFileId, null]],
    "another tenant's files are untouched",
  );
});
