import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../support/server-process.ts';

/** A PostgreSQL cluster of the machine's own server binaries (`pg_config --bindir`) that a test may stop or kill. */
export interface PostgresCluster {
  port: number;
  /** URL of database `name` on the cluster (user postgres, trust authentication). */
  url(name?: string): string;
  /** Starts the cluster again after `stop` or `kill`, waiting until it accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl stop` in `fast` (roll back and disconnect) or `immediate` (no checkpoint, as a crash) mode. */
  stop(mode: 'fast' | 'immediate'): void;
  /** `kill -9` of the postmaster. */
  kill(): void;
  /** Stops the cluster (when running) and removes its folder. */
  remove(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;
const binDir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();

/** Runs a server binary, as the `postgres` OS user when root (PostgreSQL refuses to run as root). */
function runBinary(name: string, args: string[]): void {
  const binary = join(binDir, name);
  if (isRoot) execFileSync('runuser', ['-u', 'postgres', '--', binary, ...args], { stdio: 'pipe' });
  else execFileSync(binary, args, { stdio: 'pipe' });
}

/** Creates and starts a fresh cluster on a free port with `databases` created in it. */
export async function startPostgresCluster(databases: string[] = []): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'cai-fault-pg-'));
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  runBinary('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=200`;
  let running = false;
  const cluster: PostgresCluster = {
    port,
    url: (name = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${name}`,
    start: async () => {
      runBinary('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
      running = true;
    },
    stop: (mode) => {
      runBinary('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      running = false;
    },
    kill: () => {
      const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      running = false;
    },
    remove: async () => {
      if (running) cluster.stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  try {
    for (const name of databases) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  return cluster;
}
