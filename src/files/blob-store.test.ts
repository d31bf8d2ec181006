import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { LocalBlobStore } from './blob-store.ts';

const mode = (path: string): number => statSync(path).mode & 0o777;

void describe('local blob store', () => {
  void it('keeps blobs owner-only (files 0600, folders 0700) even under a permissive umask', async (t) => {
    const root = join(mkdtempSync(join(tmpdir(), 'cai-blobs-')), 'blobs');
    t.after(() => rmSync(dirname(root), { recursive: true, force: true }));
    const previous = process.umask(0o000);
    t.after(() => process.umask(previous));
    const store = new LocalBlobStore(root);

    await store.stage('tenant-a/ab/blob-1', Readable.from([Buffer.from('drawing bytes')]), 1024);
    const blob = join(root, 'tenant-a/ab/blob-1');
    assert.equal((await store.readAll('tenant-a/ab/blob-1')).toString(), 'drawing bytes');
    assert.equal(mode(blob), 0o600);
    for (const folder of [root, join(root, 'tenant-a'), join(root, 'tenant-a/ab')])
      assert.equal(mode(folder), 0o700, folder);
  });
});
