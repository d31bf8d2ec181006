import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createTenant, startFaultStack, startFileLoad, until, uploadFiles } from './support/fault-stack.ts';
import { summarize, uploadBody } from './support/load.ts';
import { recordScenario } from './support/reliability-report.ts';

const isRoot = process.getuid?.() === 0;
const UPLOAD_BYTES = 64 * 1024;

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

test('disk full for the blob store: uploads answer 507 with a clear message, rows and blobs stay paired, reads keep serving', async (t) => {
  if (!isRoot) return t.skip('needs root to mount a small tmpfs for the blob store');
  const stack = await startFaultStack(t, { blobDiskBytes: 1024 * 1024 });
  const { tenantId, headers } = await createTenant(stack.baseUrl);
  const { load: reads } = await startFileLoad(stack.baseUrl, headers, {
    files: 3,
    concurrency: 3,
    mix: ['read', 'list'],
  });

  const answers: Array<{ status: number; message?: string; fileId?: string }> = [];
  for (let i = 0; i < 40 && !answers.some((a) => a.status === 507); i++) {
    const body = uploadBody(UPLOAD_BYTES);
    const response = await fetch(`${stack.baseUrl}/api/files/upload`, {
      method: 'POST',
      headers: { ...headers, ...body.headers },
      body: Uint8Array.from(body.payload),
    });
    const json = (await response.json()) as { message?: string; file_id?: string };
    answers.push({ status: response.status, message: json.message, fileId: json.file_id });
  }
  const full = answers.find((a) => a.status === 507);
  // freeing space (deleting a file) lets uploads in again
  const accepted = answers.flatMap((a) => (a.fileId ? [a.fileId] : []));
  const removed = await fetch(`${stack.baseUrl}/api/files/${accepted[0]}`, { method: 'DELETE', headers });
  const recoveryMs = await until(async () => {
    const [id] = await uploadFiles(stack.baseUrl, headers, 1).catch(() => []);
    return id !== undefined;
  }, 30_000);
  const records = await reads.stop();
  const summary = summarize(records, 2000);

  // every file row has its blob and every blob its row
  const shard = new pg.Client({ connectionString: stack.postgres.url('cai_shard_0') });
  await shard.connect();
  const { rows } = await shard.query<{ blob_key: string }>(
    'SELECT blob_key FROM files WHERE tenant_id = $1',
    [tenantId],
  );
  await shard.end();
  const blobDir = join(stack.env.DATA_DIR!, 'blobs');
  const onDisk = filesUnder(join(blobDir, tenantId)).map((path) => `${tenantId}/${path}`);
  const staged = filesUnder(blobDir).filter((path) => path.startsWith('tmp/'));
  const rowsWithoutBlob = rows.filter((row) => !onDisk.includes(row.blob_key)).length;
  const blobsWithoutRow = onDisk.filter((key) => !rows.some((row) => row.blob_key === key)).length;
  recordScenario({
    scenario: 'Disk full for the blob store',
    load: `3 reading clients, ${summary.rate} req/s, ${summary.requests} reads; ${answers.length} uploads of 64 KiB`,
    fault: 'blob store on a 1 MiB tmpfs, filled by the uploads',
    failed: summary.failed + answers.filter((a) => a.status !== 200 && a.status !== 507).length,
    slow: summary.slow,
    slowBoundMs: 2000,
    lost: rowsWithoutBlob,
    recoveryMs,
    notes: `507 after ${accepted.length} uploads; rows without blob ${rowsWithoutBlob}, blobs without row ${blobsWithoutRow}, staged left ${staged.length}; recovery = delete a file until an upload is accepted`,
  });

  assert.ok(full, `no upload was refused: ${JSON.stringify(answers.slice(-3))}`);
  assert.deepEqual(
    answers.filter((a) => a.status !== 200 && a.status !== 507),
    [],
    'uploads are stored or refused with 507',
  );
  assert.match(full.message ?? '', /out of space/);
  assert.equal(removed.status, 204);
  assert.deepEqual(
    records.filter((r) => r.status !== 200),
    [],
    'reads keep serving',
  );
  assert.equal(rowsWithoutBlob, 0, 'no row without a blob');
  assert.equal(blobsWithoutRow, 0, 'no blob without a row');
  assert.deepEqual(staged, [], 'no staged blob left behind');
});
