import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One PostgreSQL server a test started (a primary or its streaming replica). */
export interface PostgresNode {
  port: number;
  /** URL of its `postgres` database. */
  url: string;
  dataDir: string;
  /** `pg_ctl stop` with the given mode (`immediate` is a crash); resolves once it is down. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** `pg_ctl promote`: a replica becomes a primary; resolves once it accepts writes. */
  promote(): Promise<void>;
}

/** A primary and one streaming replica made from it with `pg_basebackup -R`, in one temp folder. */
export interface ReplicatedPostgres {
  primary: PostgresNode;
  replica: PostgresNode;
  /** Stops both servers (whatever state they are in) and removes the folder. */
  destroy(): Promise<void>;
}

const bindir = () => execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (the server refuses to run as root). */
function run(binary: string, args: string[]): Promise<void> {
  const asPostgres = process.getuid?.() === 0 ? postgresUser() : undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(join(bindir(), binary), args, {
      ...asPostgres,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${binary} exited ${code}: ${stderr.trim()}`)),
    );
  });
}

function postgresUser(): { uid: number; gid: number } {
  const [uid, gid] = ['-u', '-g'].map((flag) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()),
  );
  return { uid: uid!, gid: gid! };
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function node(dataDir: string, port: number): PostgresNode {
  return {
    port,
    dataDir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: (mode = 'fast') => run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']),
    promote: () => run('pg_ctl', ['-D', dataDir, '-w', 'promote']),
  };
}

/**
 * Starts a PostgreSQL primary (trust auth on 127.0.0.1, no Unix socket, fsync off) and a streaming replica
 * of it on free ports. `synchronous` makes every commit wait for the replica (no acknowledged write can be
 * lost when the primary crashes).
 */
export async function startReplicatedPostgres(
  options: { synchronous?: boolean } = {},
): Promise<ReplicatedPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'cai-test-replication-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUser();
    chownSync(root, uid, gid);
  }
  const primaryDir = join(root, 'primary');
  const replicaDir = join(root, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const destroy = async () => {
    for (const dir of started.splice(0).reverse())
      await run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await run('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    appendFileSync(
      join(primaryDir, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        'fsync = off',
        'max_connections = 100',
        'wal_keep_size = 256MB',
        options.synchronous ? "synchronous_standby_names = '*'" : '',
        '',
      ].join('\n'),
    );
    await start(primaryDir, join(root, 'primary.log'));
    started.push(primaryDir);
    await run('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'],
      ...['-D', replicaDir, '-R', '-X', 'stream', '--no-sync'],
    ]);
    // the copied configuration is the primary's: its port, and synchronous commits that a promoted replica
    // (with no standby of its own) would wait for forever; the later line wins
    appendFileSync(
      join(replicaDir, 'postgresql.conf'),
      `port = ${replicaPort}\nsynchronous_standby_names = ''\n`,
    );
    await start(replicaDir, join(root, 'replica.log'));
    started.push(replicaDir);
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    primary: node(primaryDir, primaryPort),
    replica: node(replicaDir, replicaPort),
    destroy,
  };
}

function start(dataDir: string, logFile: string): Promise<void> {
  return run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
}
