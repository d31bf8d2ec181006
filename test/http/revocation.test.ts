import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config.ts';
import { LISTENER_APPLICATION_NAME } from '../../src/db/index.ts';
import type { Deps } from '../../src/deps.ts';
import { ADMIN_TOKEN, eventually, startSecondInstance, startTestApp } from '../support/test-app.ts';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Runs `construction-ai apikey revoke KEY_ID` against the databases (and Redis) of a test app. */
async function revokeWithCli(config: Readonly<Config>, keyId: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    SHARD_DATABASE_URLS: config.shardDatabaseUrls.join(','),
    DATA_DIR: config.dataDir,
    CACHE_PREFIX: config.cachePrefix,
    LOG_LEVEL: 'silent',
  };
  if (config.redisUrl) env.REDIS_URL = config.redisUrl;
  else delete env.REDIS_URL;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['bin/construction-ai.js', 'apikey', 'revoke', keyId, '--json'],
    { env },
  );
  assert.deepEqual(JSON.parse(stdout), { revoked: keyId });
}

/** A server instance listening on a free port: GETs report whether its hot path answered them. */
async function listening(app: FastifyInstance, deps: Deps) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const hotAnswers = async () => (await deps.metrics.hotReads.get()).values[0]?.value ?? 0;
  return {
    get: async (path: string, headers: Record<string, string>) => {
      const before = await hotAnswers();
      const response = await fetch(`${base}${path}`, { headers });
      await response.arrayBuffer();
      return { status: response.status, hot: (await hotAnswers()) > before };
    },
    /** Opens `GET /api/events/stream`; `ended()` tells whether the server has closed it. */
    stream: async (headers: Record<string, string>) => {
      const controller = new AbortController();
      const response = await fetch(`${base}/api/events/stream`, { headers, signal: controller.signal });
      assert.equal(response.status, 200);
      let ended = false;
      const reading = (async () => {
        try {
          for await (const _chunk of response.body!);
          ended = true;
        } catch {
          // aborted by the test
        }
      })();
      return {
        ended: () => ended,
        close: async () => {
          controller.abort();
          await reading;
        },
      };
    },
  };
}

for (const [label, env] of [
  ['without Redis', {}],
  ['with Redis', { REDIS_URL: 'redis://127.0.0.1:6379' }],
] as const) {
  test(`a revoked key is refused by every running server within moments (${label})`, async (t) => {
    const ctx = await startTestApp({ WORKER_ENABLED: 'false', ...env });
    const second = await startSecondInstance(ctx);
    t.after(async () => {
      await second.close();
      await ctx.close();
    });
    const b = await listening(second.app, second.deps);
    const list = '/api/files?limit=5';
    /** A fresh tenant whose key instance B has verified and holds in memory (its list answered hot). */
    const tenantKnownToB = async (name: string) => {
      const tenant = await ctx.createTenant(name);
      await ctx.upload(tenant.headers, 'plan.dxf', '0\nEOF\n');
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await b.get(list, tenant.headers));
      assert.deepEqual(
        answers.map((a) => [a.status, a.hot]),
        [
          [200, false],
          [200, false],
          [200, true],
        ],
      );
      return tenant;
    };
    const refusedByB = (headers: Record<string, string>) =>
      eventually(async () => ((await b.get(list, headers)).status === 401 ? true : undefined), 5000);

    await t.test('revoked with the CLI: B answers 401 and ends the key’s event stream', async (st) => {
      const alice = await tenantKnownToB('Alice');
      const bob = await tenantKnownToB('Bob');
      const aliceStream = await b.stream(alice.headers);
      const bobStream = await b.stream(bob.headers);
      st.after(() => Promise.all([aliceStream.close(), bobStream.close()]));

      await revokeWithCli(ctx.config, alice.keyId);
      await refusedByB(alice.headers);
      await eventually(async () => (aliceStream.ended() ? true : undefined), 5000);
      const me = await ctx.app.inject({ url: '/api/me', headers: alice.headers });
      assert.equal(me.statusCode, 401, 'refused by the other instance too');

      assert.equal((await b.get(list, bob.headers)).status, 200, 'Bob is unaffected');
      assert.equal(bobStream.ended(), false, "Bob's stream stays open");
    });

    await t.test('revoked through the operator API of another instance: B answers 401', async (st) => {
      const carol = await tenantKnownToB('Carol');
      const created = await ctx.app.inject({
        method: 'POST',
        url: `/api/admin/tenants/${carol.tenantId}/api-keys`,
        headers: admin,
        payload: { name: 'second' },
      });
      assert.equal(created.statusCode, 200, created.body);
      const { keyId, apiKey } = created.json<{ keyId: string; apiKey: string }>();
      const secondKey = { authorization: `Bearer ${apiKey}` };
      assert.equal((await b.get(list, secondKey)).status, 200);
      const stream = await b.stream(secondKey);
      st.after(() => stream.close());

      const revoked = await ctx.app.inject({
        method: 'DELETE',
        url: `/api/admin/api-keys/${keyId}`,
        headers: admin,
      });
      assert.equal(revoked.statusCode, 204);
      await refusedByB(secondKey);
      await eventually(async () => (stream.ended() ? true : undefined), 5000);
      assert.equal((await b.get(list, carol.headers)).status, 200, "the tenant's other key still works");
    });

    await t.test('a revocation missed while not listening is caught up when listening again', async (st) => {
      const dave = await tenantKnownToB('Dave');
      const stream = await b.stream(dave.headers);
      st.after(() => stream.close());
      // Revoked without the announcement, as if it were sent while the servers' listeners were away.
      await ctx.deps.control.db
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('id', '=', dave.keyId)
        .execute();
      assert.equal((await b.get(list, dave.headers)).status, 200, 'B has not heard of it');

      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`.execute(
        ctx.deps.control.db,
      );
      await refusedByB(dave.headers);
      await eventually(async () => (stream.ended() ? true : undefined), 5000);
    });
  });
}
