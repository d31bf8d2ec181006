import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Without ADMIN_TOKEN, the operator token is generated once and kept in `DATA_DIR/admin-token` (mode 600). */
export function ensureAdminToken(dataDir: string, log: (line: string) => void): string {
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
    log(`generated an operator token in ${file} (set ADMIN_TOKEN to choose one)`);
  }
  return readFileSync(file, 'utf8').trim();
}
