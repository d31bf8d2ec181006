import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { bucketOf } from '../../src/db/index.ts';
import { startTestApp, multipartFile } from '../support/test-app.ts';

// Computed independently (Python hashlib): first 4 bytes of md5(id) as unsigned int, mod 4096.
const VECTORS: Array<[string, number]> = [
  ['00000000-0000-0000-0000-000000000000', 2122],
  ['01a21404-2869-77ea-94a1-d34727fe30bc', 464],
  ['ffffffff-ffff-ffff-ffff-ffffffffffff', 1133],
  ['123e4567-e89b-12d3-a456-426614174000', 732],
  ['0192f5b4-7c1e-7d2a-9b3c-4d5e6f708192', 1131],
];

test('bucket rule: TypeScript matches the test vectors', () => {
  for (const [tenantId, bucket] of VECTORS) assert.equal(bucketOf(tenantId), bucket, tenantId);
});

test('shard routing: SQL bucket rule, directory and data placement on two physical shards', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const control = ctx.deps.control.db;

  await t.test('SQL tenant_bucket() equals the vectors and bucketOf()', async () => {
    for (const [tenantId, bucket] of VECTORS) {
      const { rows } = await sql<{ b: number }>`SELECT tenant_bucket(${tenantId}::uuid) AS b`.execute(
        control,
      );
      assert.equal(rows[0]?.b, bucket, tenantId);
    }
  });

  await t.test('all 4096 buckets are assigned across both shards', async () => {
    const { rows } = await sql<{ shard_id: number; n: number }>`
      SELECT shard_id, count(*)::int AS n FROM buckets GROUP BY shard_id ORDER BY shard_id`.execute(control);
    assert.deepEqual(rows, [
      { shard_id: 0, n: 2048 },
      { shard_id: 1, n: 2048 },
    ]);
  });

  await t.test("each tenant's files land only on the shard its bucket maps to", async () => {
    // tenants until both shards have one (each lands on either with probability 1/2: 30 fail to with 2^-29)
    const seen = new Set<number>();
    for (let i = 0; i < 30 && seen.size < 2; i++) {
      const tenant = await ctx.createTenant(`T${i}`);
      const upload = multipartFile('plan.dxf', '0\nEOF\n');
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/files/upload',
        headers: { ...tenant.headers, ...upload.headers },
        payload: upload.payload,
      });
      assert.equal(response.statusCode, 200, response.body);
      const { rows } = await sql<{ s: number }>`SELECT tenant_shard(${tenant.tenantId}::uuid) AS s`.execute(
        control,
      );
      const expected = rows[0]!.s;
      assert.equal(ctx.deps.router.shardIdFor(tenant.tenantId), expected);
      seen.add(expected);
      for (const [shardId, shard] of ctx.deps.router.all()) {
        const count = await shard.db
          .selectFrom('files')
          .where('tenant_id', '=', tenant.tenantId)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(
          Number(count.n),
          shardId === expected ? 1 : 0,
          `tenant ${tenant.tenantId} on shard ${shardId}`,
        );
      }
    }
    assert.equal(seen.size, 2, 'tenants spread over both shards');
  });

  await t.test('a per-tenant placement overrides the bucket rule', async () => {
    const tenant = await ctx.createTenant('Big');
    const usual = ctx.deps.router.shardIdFor(tenant.tenantId);
    await control
      .insertInto('tenant_placement')
      .values({ tenant_id: tenant.tenantId, shard_id: 1 - usual, reason: 'test' })
      .execute();
    await ctx.deps.router.load();
    assert.equal(ctx.deps.router.shardIdFor(tenant.tenantId), 1 - usual);
    const { rows } = await sql<{ s: number }>`SELECT tenant_shard(${tenant.tenantId}::uuid) AS s`.execute(
      control,
    );
    assert.equal(rows[0]?.s, 1 - usual);
  });
});
