import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ensureAdminToken } from './admin-token.ts';

void describe('generated admin token', () => {
  void it('is created owner-only and made owner-only again at every start', (t) => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cai-token-')), 'data');
    t.after(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));
    const previous = process.umask(0o000);
    t.after(() => process.umask(previous));
    const logged: string[] = [];
    const token = ensureAdminToken(dataDir, (line) => logged.push(line));
    const file = join(dataDir, 'admin-token');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);

    chmodSync(file, 0o644);
    assert.equal(
      ensureAdminToken(dataDir, (line) => logged.push(line)),
      token,
      'the same token is kept',
    );
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8'), token);
    assert.match(logged.at(-1) ?? '', /owner-only \(mode 0600; it was 0644\)/);
  });
});
