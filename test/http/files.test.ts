import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { startTestApp, multipartFile } from '../support/test-app.ts';

const DXF =
  '  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\nA-WALL\n 10\n0\n 20\n0\n 11\n10\n 21\n0\n  0\nENDSEC\n  0\nEOF\n';

test('files API', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false', UPLOAD_MAX_BYTES: '50000' });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const upload = (
    headers: Record<string, string>,
    filename: string,
    content: Buffer | string,
    field?: string,
  ) => {
    const body = multipartFile(filename, content, field);
    return ctx.app.inject({
      method: 'POST',
      url: '/api/files/upload',
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  };
  const rowCount = async () => {
    let total = 0;
    for (const [, shard] of ctx.deps.router.all()) {
      const row = await shard.db
        .selectFrom('files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      total += Number(row.n);
    }
    return total;
  };
  const blobFiles = () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
      );
    try {
      return walk(join(ctx.config.dataDir, 'blobs'));
    } catch {
      return [];
    }
  };

  const uploaded = await upload(alice.headers, 'plan.dxf', DXF);
  assert.equal(uploaded.statusCode, 200, uploaded.body);
  const file = uploaded.json<{ file_id: string; sha256: string; size_bytes: number; status: string }>();

  await t.test(
    'upload returns 200 with file_id, sha256 and size; the seed 16 KB .dwg payload is accepted',
    async () => {
      assert.equal(file.size_bytes, Buffer.byteLength(DXF));
      assert.match(file.sha256, /^[0-9a-f]{64}$/);
      assert.equal(file.status, 'uploaded');
      const seed = await upload(alice.headers, 'test.dwg', 'DWG_FILE_CONTENT'.repeat(1000));
      assert.equal(seed.statusCode, 200, seed.body);
    },
  );

  await t.test('get, download and list', async () => {
    const got = await ctx.app.inject({ url: `/api/files/${file.file_id}`, headers: alice.headers });
    assert.equal(got.statusCode, 200);
    assert.equal(got.json<{ filename: string }>().filename, 'plan.dxf');
    const content = await ctx.app.inject({
      url: `/api/files/${file.file_id}/content`,
      headers: alice.headers,
    });
    assert.equal(content.statusCode, 200);
    assert.equal(content.body, DXF);
    const list = await ctx.app.inject({ url: '/api/files', headers: alice.headers });
    assert.equal(list.statusCode, 200);
    assert.ok(
      list.json<{ items: Array<{ file_id: string }> }>().items.some((f) => f.file_id === file.file_id),
    );
  });

  await t.test(
    'cursor pagination walks newest first without gaps or repeats; filters by status and date',
    async () => {
      const tenant = await ctx.createTenant('Pager');
      const ids: string[] = [];
      for (let i = 0; i < 7; i++)
        ids.push((await upload(tenant.headers, `f${i}.dxf`, DXF)).json<{ file_id: string }>().file_id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/files?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await ctx.app.inject({ url, headers: tenant.headers })).json<{
          items: Array<{ file_id: string }>;
          next_cursor: string | null;
        }>();
        seen.push(...page.items.map((f) => f.file_id));
        cursor = page.next_cursor;
      } while (cursor);
      assert.deepEqual(seen, [...ids].reverse());
      const none = await ctx.app.inject({ url: '/api/files?status=analyzed', headers: tenant.headers });
      assert.equal(none.json<{ items: unknown[] }>().items.length, 0);
      const future = await ctx.app.inject({
        url: `/api/files?created_from=${new Date(Date.now() + 3_600_000).toISOString()}`,
        headers: tenant.headers,
      });
      assert.equal(future.json<{ items: unknown[] }>().items.length, 0);
      const past = await ctx.app.inject({
        url: `/api/files?created_from=${new Date(Date.now() - 3_600_000).toISOString()}&status=uploaded`,
        headers: tenant.headers,
      });
      assert.equal(past.json<{ items: unknown[] }>().items.length, 7);
    },
  );

  await t.test(
    'a name search finds files past the first page, in any case, with % and _ taken literally',
    async () => {
      const tenant = await ctx.createTenant('Searcher');
      const names = ['Ceco-Level-2.dxf', 'site_plan.dxf', '100%-final.dxf', 'level 3.dxf', 'sitexplan.dxf'];
      for (const name of names) assert.equal((await upload(tenant.headers, name, DXF)).statusCode, 200);
      for (let i = 0; i < 5; i++) await upload(tenant.headers, `newer-${i}.dxf`, DXF);
      const search = async (name: string, more = '') => {
        const url = `/api/files?limit=3&name=${encodeURIComponent(name)}${more}`;
        const response = await ctx.app.inject({ url, headers: tenant.headers });
        assert.equal(response.statusCode, 200, response.body);
        return response.json<{ items: Array<{ filename: string }> }>().items.map((f) => f.filename);
      };
      assert.deepEqual(await search('CECO'), ['Ceco-Level-2.dxf']);
      assert.deepEqual(await search('level'), ['level 3.dxf', 'Ceco-Level-2.dxf']);
      assert.deepEqual(await search('site_'), ['site_plan.dxf']);
      assert.deepEqual(await search('%'), ['100%-final.dxf']);
      assert.deepEqual(await search('level', '&status=analyzed'), []);
      const other = await ctx.app.inject({ url: '/api/files?name=Ceco', headers: bob.headers });
      assert.deepEqual(
        other.json<{ items: unknown[] }>().items,
        [],
        "another tenant's names are not searched",
      );
      const empty = await ctx.app.inject({ url: '/api/files?name=', headers: tenant.headers });
      assert.equal(empty.statusCode, 400);
    },
  );

  await t.test(
    "another tenant's file is 404 on get, content, analysis and delete and absent from its list",
    async () => {
      for (const [method, url] of [
        ['GET', `/api/files/${file.file_id}`],
        ['GET', `/api/files/${file.file_id}/content`],
        ['GET', `/api/files/${file.file_id}/analysis`],
        ['POST', `/api/files/${file.file_id}/analysis/refresh`],
        ['DELETE', `/api/files/${file.file_id}`],
      ] as const) {
        const response = await ctx.app.inject({ method, url, headers: bob.headers });
        assert.equal(response.statusCode, 404, `${method} ${url}`);
        assert.equal(response.json<{ code: string }>().code, 'FILE_NOT_FOUND');
      }
      const list = await ctx.app.inject({ url: '/api/files', headers: bob.headers });
      assert.equal(list.json<{ items: unknown[] }>().items.length, 0);
      const still = await ctx.app.inject({ url: `/api/files/${file.file_id}`, headers: alice.headers });
      assert.equal(still.statusCode, 200, 'the failed delete changed nothing');
      const unknown = await ctx.app.inject({ url: `/api/files/${uuidv7()}`, headers: alice.headers });
      assert.equal(unknown.statusCode, 404);
    },
  );

  await t.test(
    'bad uploads get 413/415/400, leave no row or blob, and the server keeps serving',
    async () => {
      const rowsBefore = await rowCount();
      const blobsBefore = blobFiles().length;
      const cases: Array<[number, () => ReturnType<typeof upload>]> = [
        [413, () => upload(alice.headers, 'big.dxf', Buffer.alloc(60_000, 'x'))],
        [415, () => upload(alice.headers, 'virus.exe', 'MZ')],
        [
          415,
          () =>
            upload(
              alice.headers,
              'photo.dwg',
              Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
            ),
        ],
        [415, () => upload(alice.headers, 'archive.dxf', Buffer.from('504b0304140000000800', 'hex'))],
        [400, () => upload(alice.headers, 'plan.dxf', DXF, 'document')],
        [
          400,
          () =>
            ctx.app.inject({
              method: 'POST',
              url: '/api/files/upload',
              headers: { ...alice.headers, 'content-type': 'multipart/form-data; boundary=xyz' },
              payload: '--xyz\r\nbroken',
            }),
        ],
        [
          400,
          () =>
            ctx.app.inject({
              method: 'POST',
              url: '/api/files/upload',
              headers: { ...alice.headers, 'content-type': 'application/json' },
              payload: '{}',
            }),
        ],
        [400, () => ctx.app.inject({ url: '/api/files?cursor=not-a-cursor', headers: alice.headers })],
        [400, () => ctx.app.inject({ url: '/api/files?limit=100000', headers: alice.headers })],
        [400, () => ctx.app.inject({ url: '/api/files/not-a-uuid', headers: alice.headers })],
      ];
      for (const [status, send] of cases) {
        const response = await send();
        assert.equal(response.statusCode, status, response.body);
        const body = response.json<{ statusCode: number; code: string; error: string; message: string }>();
        assert.equal(body.statusCode, status);
        assert.ok(body.code && body.error && body.message, response.body);
      }
      assert.equal(await rowCount(), rowsBefore);
      assert.equal(blobFiles().length, blobsBefore);
      const health = await ctx.app.inject({ url: '/api/files', headers: alice.headers });
      assert.equal(health.statusCode, 200);
    },
  );

  await t.test('delete removes the row and the blob', async () => {
    const blobsBefore = blobFiles().length;
    const response = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/files/${file.file_id}`,
      headers: alice.headers,
    });
    assert.equal(response.statusCode, 204);
    assert.equal(
      (await ctx.app.inject({ url: `/api/files/${file.file_id}`, headers: alice.headers })).statusCode,
      404,
    );
    assert.equal(blobFiles().length, blobsBefore - 1);
  });
});
