import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { closeOnSignals, startServer } from './server.ts';
import { connectDatabases } from './infrastructure.ts';
import {
  controlMigrations,
  migrate,
  openDatabase,
  shardMigrations,
  premakeMonthPartitions,
  loadShardEndpoints,
  type ControlTables,
  type Database,
  type ShardTables,
} from './db/index.ts';
import { TenantRepository, TenantService } from './tenants/index.ts';
import { createUsers, type UserService } from './users/index.ts';
import { isRole, ROLES } from './shared/roles.ts';
import { text } from 'node:stream/consumers';
import { ensureAdminToken } from './admin-token.ts';
import cluster from 'node:cluster';
import type { Kysely } from 'kysely';
import { AppError } from './shared/app-error.ts';
import { runClusterPrimary } from './cluster.ts';
import { DB_USAGE, runDbCommand } from './analytics/index.ts';
import { runShardCommand, SHARD_USAGE } from './shard.commands.ts';
import { shardSetUrlCommand } from './shard-endpoint.command.ts';
import { exitWhenFlushed, quietOnClosedOutput } from './cli-output.ts';

const USAGE = `Usage: construction-ai <command>

  serve                         HTTP API with background workers (WORKER_ENABLED=false: API only)
  worker                        background workers only
  migrate                       apply database migrations to the control database and every shard
  tenant create NAME [--json]   create a tenant and print its first API key (shown once)
  tenant list [--json]          list tenants
  apikey create TENANT_ID [--name N] [--role owner|estimator|viewer] [--json]
  apikey revoke KEY_ID
${SHARD_USAGE}
  user create --tenant TENANT_ID --email E (--password P | --password-stdin) --role owner|estimator|viewer [--json]
  user list --tenant TENANT_ID [--json]
  user disable --email E        disable a user and end their sessions on every running server
  shard set-url SHARD_ID URL [--replica URL]... [--json]
                                point a shard at its new primary (after a failover) and replicas; running
                                processes follow within seconds
  analyze FILE [--json] [--storey-height 3]   takeoff of a drawing, no server or database needed
  loadtest [options]            load test a running server (see --help)
  mcp                           MCP server on stdio for AI agents, a client of a running server's API
                                (CONSTRUCTION_AI_URL, default http://127.0.0.1:3000; CONSTRUCTION_AI_API_KEY)
${DB_USAGE}

Configuration comes from the environment; see .env.example.`;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** A command's entries of USAGE (lines that start with it, and their indented continuations), or all of USAGE. */
function usageOf(command: string): string {
  let inEntry = false;
  const lines = USAGE.split('\n').filter((line) => {
    if (!line.startsWith('   ')) inEntry = line.startsWith(`  ${command} `);
    return inEntry;
  });
  return lines.length > 0 ? `Usage: construction-ai\n${lines.join('\n')}` : USAGE;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `--help` anywhere after a command answers before any database is started
  if (command !== undefined && command !== 'loadtest' && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`${usageOf(command)}\n`);
    return 0;
  }
  switch (command) {
    case 'serve':
    case 'worker':
      return serve(command, loadConfig());
    case 'migrate':
      return runMigrations(loadConfig());
    case 'shard':
      if (rest[0] === 'set-url') {
        return withTenants(loadConfig(), (_tenants, control) => shardSetUrlCommand(rest.slice(1), control));
      }
      return shardCommand('shard', rest);
    case 'tenant':
      if (rest[0] === 'move') return shardCommand('tenant', rest);
      return withTenants(loadConfig(), (tenants) => tenantCommand(command, rest, tenants));
    case 'apikey':
      return withTenants(loadConfig(), (tenants) => tenantCommand(command, rest, tenants));
    case 'user':
      return withTenants(loadConfig(), async (tenants, control) => {
        const { users } = await createUsers({ control, tenants, sessions: CLI_SESSIONS, log });
        return userCommand(rest, users);
      });
    case 'db':
      return withDatabases(loadConfig(), (databases) =>
        runDbCommand(rest, databases, (out) => process.stdout.write(out)),
      );
    case 'analyze':
      return (await import('./analysis/index.ts')).runAnalyzeCommand(rest);
    case 'loadtest':
      return (await import('../loadtest/index.ts')).runLoadtestCommand(rest);
    case 'mcp':
      return (await import('./mcp/index.ts')).runMcpCommand();
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
  }
  process.stderr.write(`unknown command "${argv.join(' ')}"\n\n${USAGE}\n`);
  return 1;
}

async function serve(mode: 'serve' | 'worker', config: Readonly<Config>): Promise<number> {
  const adminToken = config.adminToken ?? ensureAdminToken(config.dataDir, log);
  if (mode === 'serve' && config.clusterWorkers > 1 && cluster.isPrimary) {
    await runClusterPrimary(Object.freeze({ ...config, adminToken }), log);
    return new Promise<number>(() => undefined); // the primary runs until a signal stops it
  }
  const starting = startServer(Object.freeze({ ...config, adminToken }), {
    runWorkers: mode === 'worker' || config.workerEnabled,
    listen: mode === 'serve',
  });
  // Hooked before startup finishes: a signal while starting closes what has started (embedded database included).
  closeOnSignals(async () => (await starting).close());
  await starting;
  if (mode === 'serve') log(`listening on http://${config.host}:${config.port} (API docs at /docs)`);
  else log('worker running');
  return new Promise<number>(() => undefined); // runs until a signal closes it
}

async function runMigrations(config: Readonly<Config>): Promise<number> {
  const databases = await connectDatabases(config, log);
  try {
    const control = openDatabase<ControlTables>(databases.controlUrl);
    log(`control: applied ${(await migrate(control.db, controlMigrations)).join(', ') || 'nothing new'}`);
    // every shard at its address: configured, registered by `shard add` or moved by `shard set-url`
    const endpoints = await loadShardEndpoints(control.db, databases);
    await control.db.destroy();
    for (const { shardId: index, primaryUrl: url } of endpoints.values()) {
      const shard = openDatabase<ShardTables>(url);
      log(
        `shard ${index}: applied ${(await migrate(shard.db, shardMigrations)).join(', ') || 'nothing new'}`,
      );
      await premakeMonthPartitions(shard.db, new Date());
      await shard.db.destroy();
    }
    return 0;
  } finally {
    await databases.stop();
  }
}

/** Runs `run` over pools of the control database and every shard (not migrated), named as in metrics. */
async function withDatabases(
  config: Readonly<Config>,
  run: (databases: Array<[name: string, database: Database<unknown>]>) => Promise<number>,
): Promise<number> {
  const urls = await connectDatabases(config, log);
  const control = openDatabase<ControlTables>(urls.controlUrl, { max: 2 });
  // the shards at their recorded addresses; a control database not migrated yet knows only the configured ones
  const endpoints = await loadShardEndpoints(control.db, urls).catch(
    () => new Map(urls.shardUrls.map((primaryUrl, shardId) => [shardId, { shardId, primaryUrl }])),
  );
  const databases: Array<[string, Database<unknown>]> = [
    ['control', control as Database<unknown>],
    ...[...endpoints.values()].map(({ shardId, primaryUrl }): [string, Database<unknown>] => [
      `shard_${shardId}`,
      openDatabase(primaryUrl, { max: 2 }),
    ]),
  ];
  try {
    return await run(databases);
  } finally {
    await Promise.all(databases.map(([, database]) => database.db.destroy()));
    await urls.stop();
  }
}

async function withTenants(
  config: Readonly<Config>,
  run: (tenants: TenantService, control: Kysely<ControlTables>) => Promise<number>,
): Promise<number> {
  const databases = await connectDatabases(config, log);
  const control = openDatabase<ControlTables>(databases.controlUrl);
  try {
    await migrate(control.db, controlMigrations);
    return await run(new TenantService(new TenantRepository(control.db)), control.db);
  } finally {
    await control.db.destroy();
    await databases.stop();
  }
}

async function tenantCommand(
  command: 'tenant' | 'apikey',
  argv: string[],
  tenants: TenantService,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      name: { type: 'string' },
      role: { type: 'string' },
    },
  });
  const [action, arg] = positionals;
  const print = (json: unknown, text: string) =>
    process.stdout.write(`${values.json ? JSON.stringify(json) : text}\n`);
  if (command === 'tenant' && action === 'create' && arg) {
    const { tenant, apiKey, keyId } = await tenants.createTenant(arg);
    print(
      { tenantId: tenant.id, name: tenant.name, apiKey, keyId },
      `tenant ${tenant.id} (${tenant.name})\napi key (shown once): ${apiKey}`,
    );
    return 0;
  }
  if (command === 'tenant' && action === 'list') {
    const list = await tenants.listTenants();
    print(list, list.map((t) => `${t.id}  ${t.createdAt.toISOString()}  ${t.name}`).join('\n'));
    return 0;
  }
  if (command === 'apikey' && action === 'create' && arg) {
    const role = values.role ?? 'owner';
    if (!isRole(role)) return usageError(`--role must be one of ${ROLES.join(', ')}`);
    const key = await tenants.createApiKey(arg, values.name, role);
    print(key, `api key ${key.keyId} (role ${key.role}, shown once): ${key.apiKey}`);
    return 0;
  }
  if (command === 'apikey' && action === 'revoke' && arg) {
    await tenants.revokeApiKey(arg);
    print({ revoked: arg }, `revoked ${arg}`);
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 1;
}

/** The CLI starts no sessions; the users module needs lifetimes all the same. */
const CLI_SESSIONS = { idleMs: 1000, absoluteMs: 1000 };

async function userCommand(argv: string[], users: UserService): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      tenant: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      role: { type: 'string' },
    },
  });
  const print = (json: unknown, line: string) =>
    process.stdout.write(`${values.json ? JSON.stringify(json) : line}\n`);
  const show = (user: { id: string; email: string; role: string; disabled: boolean }) =>
    `${user.id}  ${user.role.padEnd(9)}  ${user.disabled ? 'disabled' : 'enabled '}  ${user.email}`;
  const [action] = positionals;
  if (action === 'create') {
    const { tenant, email, role } = values;
    if (!tenant || !email || !role) return usageError('user create needs --tenant, --email and --role');
    if (!isRole(role)) return usageError(`--role must be one of ${ROLES.join(', ')}`);
    const password = values['password-stdin']
      ? (await text(process.stdin)).replace(/\r?\n$/, '')
      : values.password;
    if (password === undefined) return usageError('user create needs --password P or --password-stdin');
    const user = await users.create(tenant, { email, password, role });
    print(user, `user ${show(user)}`);
    return 0;
  }
  if (action === 'list') {
    if (!values.tenant) return usageError('user list needs --tenant');
    const list = await users.list(values.tenant);
    print(list, list.map(show).join('\n'));
    return 0;
  }
  if (action === 'disable') {
    if (!values.email) return usageError('user disable needs --email');
    const user = await users.disableByEmail(values.email);
    print(user, `disabled ${show(user)}; their sessions ended`);
    return 0;
  }
  return usageError(`unknown user command ${JSON.stringify(action ?? '')}`);
}

async function shardCommand(command: 'shard' | 'tenant', argv: string[]): Promise<number> {
  const code = await runShardCommand(command, argv, loadConfig(), log);
  return code === 2 ? usageError(`unknown or incomplete ${command} command`) : code;
}

/** node:util `parseArgs`'s errors (unknown option, missing value): a usage error, not a crash. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
}

function usageError(problem: string): number {
  process.stderr.write(`${problem}\n\n${USAGE}\n`);
  return 1;
}

quietOnClosedOutput();
void main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
  if (error instanceof ConfigError || error instanceof AppError) process.stderr.write(`${error.message}\n`);
  else if (isArgumentError(error))
    process.stderr.write(`${error.message}\n\n${usageOf(process.argv[2] ?? '')}\n`);
  else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exitWhenFlushed(1);
});
