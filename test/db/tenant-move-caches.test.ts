import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { cliEnv, eventually, startSecondInstance, startTestApp } from '../support/test-app.ts';

const run = promisify(execFile);
const DXF =
  '  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\nA-WALL\n 10\n0\n 20\n0\n 11\n10\n 21\n0\n  0\nENDSEC\n  0\nEOF\n';

// Each process drops its own L1 when the directory NOTIFY names the tenant; with Redis the L2 copy goes too.
const MODES: Array<[string, Record<string, string>]> = [
  ['L1 only', {}],
  ['L1 + Redis L2', { REDIS_URL: 'redis://127.0.0.1:6379' }],
];

for (const [mode, env] of MODES) {
  void test(`${mode}: after a tenant moves to another shard, both app instances drop its cached file list`, async (t) => {
    const ctx = await startTestApp({ WORKER_ENABLED: 'false', ...env }, { runWorkers: false });
    t.after(() => ctx.close());
    const second = await startSecondInstance(ctx);
    t.after(() => second.close());
    const instances: Array<[string, FastifyInstance, typeof ctx.deps.router]> = [
      ['first', ctx.app, ctx.deps.router],
      ['second', second.app, second.deps.router],
    ];
    const tenant = await ctx.createTenant('Cached');
    await ctx.upload(tenant.headers, 'plan.dxf', DXF);
    const listed = async (app: FastifyInstance) => {
      const response = await app.inject({ url: '/api/files', headers: tenant.headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<{ items: Array<{ filename: string }> }>().items.map((file) => file.filename);
    };
    for (const [name, app] of instances) assert.deepEqual(await listed(app), ['plan.dxf'], name);

    // renamed behind the caches' backs: both instances keep answering the list they cached
    const from = ctx.deps.router.shardIdFor(tenant.tenantId);
    await sql`UPDATE files SET filename = 'renamed.dxf' WHERE tenant_id = ${tenant.tenantId}`.execute(
      ctx.deps.router.shard(from).db,
    );
    for (const [name, app] of instances) assert.deepEqual(await listed(app), ['plan.dxf'], `${name}: cached`);

    // moved by another process (the CLI): the instances hear of it only through the directory notification
    const to = ctx.deps.router.all().find(([id]) => id !== from)![0];
    await run(
      process.execPath,
      ['bin/construction-ai.js', 'tenant', 'move', tenant.tenantId, '--to', String(to), '--grace-ms', '0'],
      { env: cliEnv(ctx) },
    );
    for (const [name, app, router] of instances) {
      await eventually(async () => (router.shardIdFor(tenant.tenantId) === to ? true : undefined));
      // the list lives 10 minutes in the cache: only its invalidation lets the renamed file show this soon
      await eventually(async () => ((await listed(app))[0] === 'renamed.dxf' ? true : undefined), 5000).catch(
        () => assert.fail(`${name} instance still answers its cached list after the move`),
      );
    }
  });
}
