import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testServerUrl } from './databases.ts';

const MACHINE_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database on a PostgreSQL server other than the tests' own; `drop` removes it (and its server). */
export interface OtherDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database on another server than TEST_DATABASE_URL's: the machine's PostgreSQL 15 on 5432 when the tests
 * run elsewhere (the embedded default), else a cluster started here with `initdb` and `pg_ctl`.
 */
export async function createDatabaseOnOtherServer(): Promise<OtherDatabase> {
  const own = new URL(testServerUrl());
  const useMachine = own.port !== '5432' && (await answers(MACHINE_POSTGRES));
  const server = useMachine
    ? { adminUrl: MACHINE_POSTGRES, stop: async () => undefined }
    : await startCluster();
  const name = `cai_test_other_${randomBytes(5).toString('hex')}`;
  await withClient(server.adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(server.adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
      await server.stop();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  return withClient(url, () => Promise.resolve(true)).catch(() => false);
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** initdb + pg_ctl from `pg_config --bindir`, as the postgres user when root, on a free port. */
async function startCluster(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'cai-test-pg-other-'));
  const root = process.getuid?.() === 0;
  const asPostgres = (command: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bindir, command), ...args], { stdio: 'pipe' })
      : execFileSync(join(bindir, command), args, { stdio: 'pipe' });
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const port = await freePort();
  asPostgres('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off`;
  asPostgres('pg_ctl', ['-D', dir, '-o', options, '-w', '-l', join(dir, 'log'), 'start']);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      asPostgres('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
      await Promise.resolve();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}
