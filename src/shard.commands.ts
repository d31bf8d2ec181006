import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import { connectDatabases } from './infrastructure.ts';
import {
  listShards,
  migrate,
  moveBucket,
  openDatabase,
  openPlatformDatabases,
  premakeMonthPartitions,
  proposeRebalance,
  redactPassword,
  registerShard,
  shardMigrations,
  TenantMover,
  type TenantMoverOptions,
  type PlatformDatabases,
  type ShardTables,
} from './db/index.ts';
import { JobQueue, moveWaitingJobs } from './jobs/index.ts';

/** Usage lines of the shard commands (part of the CLI's usage). */
export const SHARD_USAGE = `  shard add URL [--json]        register a new shard (migrated, job queue created); running servers pick it up
  shard list [--json]           shards with their bucket and placement counts
  shard rebalance [--dry-run] [--json]   even out bytes per shard by moving buckets, one at a time, online
  tenant move TENANT_ID --to SHARD_ID [--json]   move a tenant to another shard online (resumes an interrupted move)
    (moves and rebalance: --page-rows N rows per copied page, default 500; --rest-factor F rest F times as
     long as each page took, default 3, 0 copies flat out)`;

type Print = (json: unknown, text: string) => void;

/** `construction-ai shard …` and `construction-ai tenant move …`; returns the exit code (2: bad usage). */
export async function runShardCommand(
  command: 'shard' | 'tenant',
  argv: string[],
  config: Readonly<Config>,
  log: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      to: { type: 'string' },
      'grace-ms': { type: 'string' },
      'page-rows': { type: 'string' },
      'rest-factor': { type: 'string' },
    },
  });
  const print: Print = (json, text) => process.stdout.write(`${values.json ? JSON.stringify(json) : text}\n`);
  const [action, arg] = positionals;
  const pace = movePace(values['page-rows'], values['rest-factor']);
  if (typeof pace === 'string') {
    process.stderr.write(`${pace}\n`);
    return 2;
  }
  const moveOptions = {
    graceMs: values['grace-ms'] === undefined ? undefined : Number(values['grace-ms']),
    pace,
  };
  if (command === 'shard' && action === 'add' && arg) return addShard(config, arg, print, log);
  if (command === 'shard' && action === 'list') {
    return withPlatform(config, log, async (databases) => {
      const shards = await listShards(databases.control.db);
      print(
        shards,
        shards
          .map(
            (s) =>
              `${s.id}  ${s.name}  buckets=${s.buckets}  pinned=${s.placedTenants}  ${s.url ?? '(configured)'}`,
          )
          .join('\n'),
      );
      return 0;
    });
  }
  if (command === 'tenant' && action === 'move' && arg && values.to !== undefined) {
    const to = Number(values.to);
    if (!Number.isInteger(to) || to < 0) return 2;
    return withPlatform(config, log, async (databases) => {
      const result = await mover(databases, log, moveOptions).move(arg, to);
      print(
        result,
        `tenant ${arg}: shard ${result.from} → ${result.to}, ${result.rowsCopied} rows copied, ` +
          `${result.changesApplied} changes caught up, ${result.jobsMoved} jobs moved, ` +
          `fence ${result.fenceMs} ms, ${result.durationMs} ms in all`,
      );
      return 0;
    });
  }
  if (command === 'shard' && action === 'rebalance')
    return withPlatform(config, log, (databases) =>
      rebalance(databases, { dryRun: values['dry-run'] ?? false, ...moveOptions }, print, log),
    );
  return 2;
}

/** Proposes bucket moves; unless `dryRun`, makes them one bucket at a time (each tenant moved online). */
async function rebalance(
  databases: PlatformDatabases,
  options: { dryRun: boolean } & MoveOptions,
  print: Print,
  log: (line: string) => void,
): Promise<number> {
  const plan = await proposeRebalance(databases.control.db, databases.router);
  if (options.dryRun) {
    const lines = plan.moves.map((m) => `bucket ${m.bucket}: shard ${m.from} → ${m.to} (${m.bytes} bytes)`);
    lines.push(
      `bytes per shard now ${JSON.stringify(plan.bytesPerShard)}, after ${JSON.stringify(plan.bytesPerShardAfter)}`,
    );
    print(plan, lines.join('\n'));
    return 0;
  }
  const moved = [];
  const tenantMover = mover(databases, log, options);
  for (const move of plan.moves) {
    const tenants = await moveBucket(databases.control.db, tenantMover, move);
    moved.push({ ...move, tenants: tenants.length });
    log(`bucket ${move.bucket}: now on shard ${move.to} (${tenants.length} tenants moved)`);
  }
  print({ ...plan, moved }, `${moved.length} buckets moved`);
  return 0;
}

/** What `tenant move` and `shard rebalance` pass to each move. */
type MoveOptions = Pick<TenantMoverOptions, 'graceMs' | 'pace'>;

/** The pace flags, checked (a message naming the bad flag when one is not a number in range). */
function movePace(pageRows?: string, restFactor?: string): TenantMoverOptions['pace'] | string {
  const pace: NonNullable<TenantMoverOptions['pace']> = {};
  if (pageRows !== undefined) {
    const rows = Number(pageRows);
    if (!Number.isInteger(rows) || rows < 1 || rows > 100_000)
      return `--page-rows must be a whole number from 1 to 100000, not "${pageRows}"`;
    pace.pageRows = rows;
  }
  if (restFactor !== undefined) {
    const factor = Number(restFactor);
    if (!Number.isFinite(factor) || factor < 0 || factor > 100)
      return `--rest-factor must be a number from 0 to 100, not "${restFactor}"`;
    pace.restFactor = factor;
  }
  return pace;
}

function mover(databases: PlatformDatabases, log: (line: string) => void, options: MoveOptions): TenantMover {
  return new TenantMover({
    control: databases.control.db,
    router: databases.router,
    moveJobs: moveWaitingJobs,
    log,
    ...options,
  });
}

/**
 * Migrates the new shard, creates its job queue schema and queues, then registers it (NOTIFY included) after
 * the configured shards, which opening the platform puts in the directory first.
 */
async function addShard(config: Readonly<Config>, url: string, print: Print, log: (line: string) => void) {
  return withPlatform(config, log, async (databases) => {
    const shard = openDatabase<ShardTables>(url);
    try {
      await migrate(shard.db, shardMigrations);
      await premakeMonthPartitions(shard.db, new Date());
    } finally {
      await shard.db.destroy();
    }
    const queue = new JobQueue(new Map([[-1, url]]), { expireSeconds: config.jobExpireSeconds, work: false });
    await queue.start();
    await queue.stop();
    const id = await registerShard(databases.control.db, url);
    print({ id, url: redactPassword(url) }, `shard ${id} registered (${redactPassword(url)})`);
    return 0;
  });
}

async function withPlatform(
  config: Readonly<Config>,
  log: (line: string) => void,
  run: (databases: PlatformDatabases) => Promise<number>,
): Promise<number> {
  const urls = await connectDatabases(config, log);
  try {
    const databases = await openPlatformDatabases(urls, () => () => undefined, { log });
    try {
      return await run(databases);
    } finally {
      await databases.close();
    }
  } finally {
    await urls.stop();
  }
}
