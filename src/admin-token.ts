import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Without ADMIN_TOKEN, the operator token is generated once and kept in `DATA_DIR/admin-token`. Its mode is
 * made 0600 at every start: a copy, an old version or a umask may have left it readable by others.
 */
export function ensureAdminToken(dataDir: string, log: (line: string) => void): string {
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
    log(`generated an operator token in ${file} (set ADMIN_TOKEN to choose one)`);
  }
  const mode = statSync(file).mode & 0o777;
  if (mode !== 0o600) {
    chmodSync(file, 0o600);
    log(`made ${file} owner-only (mode 0600; it was ${mode.toString(8).padStart(4, '0')})`);
  }
  return readFileSync(file, 'utf8').trim();
}
