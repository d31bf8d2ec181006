// EXPLAIN of the list queries behind uncached `GET /api/files`: the single query over every month partition
// (before the recent window) against the queries FileRepository.list sends now, on a fresh shard database
// (TEST_DATABASE_URL, default the local PostgreSQL) holding 24 months of files.
//   node --import tsx bench/http-files.explain.ts [--per-month 400] [--months 24]
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import {
  ensureMonthPartition,
  migrate,
  openDatabase,
  shardMigrations,
  type ShardRouter,
  type ShardTables,
} from '../src/db/index.ts';
import { FileRepository, type FileRecord } from '../src/files/index.ts';
import { createTestDatabases } from '../test/support/databases.ts';

const { values } = parseArgs({
  options: { 'per-month': { type: 'string', default: '400' }, months: { type: 'string', default: '24' } },
});
const perMonth = Number(values['per-month']);
const months = Number(values.months);
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const databases = await createTestDatabases(1);
const shard = openDatabase<ShardTables>(databases.urls[0]!);
const db: Kysely<ShardTables> = shard.db;

// Every statement the repository sends, so the plans shown are of the queries it really runs.
const sent: Array<{ text: string; values: unknown[] }> = [];
const originalQuery = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [config, params] = args as [{ text?: string; values?: unknown[] } | string, unknown[]?];
  const text = typeof config === 'string' ? config : config.text;
  if (text?.startsWith('select * from "files"')) {
    sent.push({ text, values: params ?? (typeof config === 'string' ? [] : (config.values ?? [])) });
  }
  return originalQuery.apply(this, args);
} as typeof pg.Client.prototype.query;

try {
  await migrate(db, shardMigrations);
  const tenantId = uuidv7();
  const now = new Date();
  for (let m = -months; m <= 3; m++) {
    await ensureMonthPartition(db, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 1)));
  }
  // The tenant's files (perMonth a month for `months` months) and 9 other tenants as many again.
  await sql`
    INSERT INTO files (tenant_id, created_at, id, filename, format, size_bytes, sha256, blob_key)
    SELECT t, at, gen_random_uuid(), 'plan.dxf', 'dxf', 16000, repeat('a', 64), 'k'
    FROM (SELECT CASE WHEN g % 10 = 0 THEN ${tenantId}::uuid ELSE md5(g::text)::uuid END AS t,
                 now() - (random() * ${months * 30} * interval '1 day') AS at
          FROM generate_series(1, ${perMonth * months * 10}) AS g) AS rows`.execute(db);
  await sql`ANALYZE files`.execute(db);
  const router = {
    shardIdFor: () => 1,
    forTenant: () => db,
    shard: () => shard,
  } as unknown as ShardRouter;
  const repository = new FileRepository(router);
  const firstPage = await repository.list(tenantId, { limit: 21 });
  const last = firstPage[firstPage.length - 1] as FileRecord;
  const monthAgo = new Date(now.getTime() - 40 * 86_400_000);

  const explain = async (title: string, text: string, params: unknown[]) => {
    const { rows } = await shard.pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`,
      params,
    );
    const plan = rows.map((row) => row['QUERY PLAN']);
    const leaves = new Set(plan.join('\n').match(/files_y\d{4}m\d{2}_p\d/g) ?? []);
    const executed = plan.filter((line) => /Index Scan.*files_y/.test(line) && !/never executed/.test(line));
    console.log(`\n### ${title}\n${text.replace(/\s+/g, ' ')}`);
    console.log(`leaves in plan: ${leaves.size}, scans executed: ${executed.length}`);
    console.log(plan.filter((line) => /Planning|Execution|Buffers: shared/.test(line)).join('\n'));
  };
  const before = (extra: string, params: unknown[]) =>
    explain(
      'before: one query over every month',
      `select * from "files" where "tenant_id" = $1 ${extra} order by "created_at" desc, "id" desc limit $${params.length + 2}`,
      [tenantId, ...params, 21],
    );
  const after = async (title: string, run: () => Promise<unknown>) => {
    sent.length = 0;
    await run();
    for (const [i, query] of sent.entries()) {
      await explain(`after (${title}, query ${i + 1} of ${sent.length})`, query.text, query.values);
    }
  };

  console.log(`\n## First page (GET /api/files): ${perMonth} files a month over ${months} months`);
  await before('', []);
  await after('first page', () => repository.list(tenantId, { limit: 21 }));

  console.log('\n## Next page (cursor)');
  await before('and ("created_at", "id") < ($2, $3::uuid)', [last.createdAt, last.id]);
  await after('cursor', () =>
    repository.list(tenantId, { limit: 21, after: { createdAt: last.createdAt, id: last.id } }),
  );

  console.log('\n## A page 40 days back (cursor)');
  await before('and ("created_at", "id") < ($2, $3::uuid)', [
    monthAgo,
    'ffffffff-ffff-7fff-bfff-ffffffffffff',
  ]);
  await after('40 days back', () =>
    repository.list(tenantId, {
      limit: 21,
      after: { createdAt: monthAgo, id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' },
    }),
  );

  console.log('\n## status = uploaded');
  await before('and "status" = $2', ['uploaded']);
  await after('status', () => repository.list(tenantId, { limit: 21, status: 'uploaded' }));
} finally {
  pg.Client.prototype.query = originalQuery as typeof pg.Client.prototype.query;
  await db.destroy();
  await databases.drop();
}
