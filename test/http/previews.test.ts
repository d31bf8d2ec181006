import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { LocalBlobStore } from '../../src/files/index.ts';
import { previewKey } from '../../src/files/index.ts';
import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { manyLinesDxf } from '../fixtures/drawings/hostile.fixture.ts';
import { eventually, startTestApp } from '../support/test-app.ts';

// One worker slot and a line of two previews per tenant make the bounds easy to reach. A test holds the
// only slot itself (as a running analysis would) to keep previews waiting as long as it needs.
const ENV = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  WORKER_ENABLED: 'false',
  ANALYSIS_WORKERS: '1',
  PREVIEW_QUEUE_PER_TENANT: '2',
  ANALYSIS_TIMEOUT_MS: '600000',
};

test('previews: bounded per-tenant lines, reads only with a slot, cancelled on disconnect, cached', async (t) => {
  const ctx = await startTestApp(ENV, { runWorkers: false });
  t.after(() => ctx.close());
  const slots = ctx.deps.workerSlots;
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const room = buildRoomDxf({ unit: 'mm' });

  // Blob reads (a spy that calls through): the drawing must be read only once its preview has a slot.
  const readAll = t.mock.method(LocalBlobStore.prototype, 'readAll');
  const reads = () => readAll.mock.calls.map((call) => call.arguments[0]);

  /** Takes the only worker slot (as a running analysis would); freed by the returned function or at the end. */
  const holdSlot = async (tt: TestContext) => {
    const release = await slots.acquire({ kind: 'job' });
    tt.after(release);
    return release;
  };
  const preview = (headers: Record<string, string>, id: string, extra: Record<string, string> = {}) =>
    ctx.app.inject({ url: `/api/files/${id}/preview.svg`, headers: { ...headers, ...extra } });
  const uploads = (headers: Record<string, string>, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => ctx.upload(headers, `room-${i}.dxf`, room)));

  await t.test(
    'past its line, a tenant gets 429 PREVIEW_BUSY while another tenant still gets in',
    async (tt) => {
      const files = await uploads(alice.headers, 6);
      const [bobFile] = await uploads(bob.headers, 1);
      const hold = await holdSlot(tt);
      const settled: number[] = [];
      const burst = files.map((id) =>
        preview(alice.headers, id).then((response) => {
          settled.push(response.statusCode);
          return response;
        }),
      );
      await eventually(
        async () => (settled.length === 4 && slots.stats().waitingPreviews === 2) || undefined,
      );
      const bobs = preview(bob.headers, bobFile!);
      await eventually(async () => slots.stats().waitingPreviews === 3 || undefined);
      hold();

      const answers = await Promise.all(burst);
      const busy = answers.filter((r) => r.statusCode === 429);
      assert.equal(busy.length, 4, answers.map((r) => r.statusCode).join());
      for (const response of busy) {
        assert.equal(response.json<{ code: string }>().code, 'PREVIEW_BUSY');
        assert.match(String(response.headers['retry-after']), /^[1-9]\d*$/);
      }
      assert.equal(answers.filter((r) => r.statusCode === 200).length, 2);
      const bobsAnswer = await bobs;
      assert.equal(bobsAnswer.statusCode, 200, bobsAnswer.body);
      assert.match(bobsAnswer.body, /<svg/);
    },
  );

  await t.test('the drawing is not read while its preview waits for a worker', async (tt) => {
    const files = await uploads(alice.headers, 2);
    const blobReadsBefore = reads().length;
    const hold = await holdSlot(tt);
    const waiting = files.map((id) => preview(alice.headers, id));
    await eventually(async () => slots.stats().waitingPreviews === 2 || undefined);
    assert.equal(reads().length, blobReadsBefore, 'no blob read before a slot is granted');
    hold();
    for (const response of await Promise.all(waiting)) assert.equal(response.statusCode, 200);
    assert.equal(reads().length, blobReadsBefore + 2);
  });

  await t.test('a client that disconnects leaves its line, or has its running worker stopped', async (tt) => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const open = (id: string): ClientRequest => {
      const req = httpRequest({
        port,
        host: '127.0.0.1',
        path: `/api/files/${id}/preview.svg`,
        headers: alice.headers,
      });
      req.on('error', () => undefined); // we hang up ourselves
      req.end();
      return req;
    };

    await tt.test('waiting', async (ttt) => {
      const [id] = await uploads(alice.headers, 1);
      const hold = await holdSlot(ttt);
      const req = open(id!);
      ttt.after(() => req.destroy());
      await eventually(async () => slots.stats().waitingPreviews === 1 || undefined);
      req.destroy();
      await eventually(async () => slots.stats().waitingPreviews === 0 || undefined);
      const granted = slots.stats().granted;
      hold();
      assert.equal(slots.stats().running, 0, 'the slot went to nobody: the abandoned preview left its line');
      assert.equal(slots.stats().granted, granted);
      assert.ok(!reads().some((key) => key.includes(id!)), 'its drawing was never read');
    });

    await tt.test('running', async () => {
      // about 100 000 entities: seconds of rendering, far longer than it takes to hang up
      const slow = await ctx.upload(alice.headers, 'slow.dxf', manyLinesDxf(100_000));
      const req = open(slow);
      tt.after(() => req.destroy());
      await eventually(async () => slots.stats().running === 1 || undefined);
      req.destroy();
      await eventually(async () => slots.stats().running === 0 || undefined);
      assert.equal(
        await ctx.deps.cache.get(previewKey(alice.tenantId, slow)),
        undefined,
        'the render was stopped, not finished and cached',
      );
      const [next] = await uploads(alice.headers, 1);
      assert.equal((await preview(alice.headers, next!)).statusCode, 200);
    });
  });

  await t.test(
    'a repeat preview comes from the cache; new layer mappings and deletion invalidate it',
    async () => {
      const [id] = await uploads(alice.headers, 1);
      const first = await preview(alice.headers, id!);
      assert.equal(first.statusCode, 200, first.body);
      const etag = String(first.headers.etag);
      const runs = slots.stats().granted;

      const second = await preview(alice.headers, id!);
      assert.equal(second.body, first.body);
      assert.equal(second.headers.etag, etag);
      const revalidated = await preview(alice.headers, id!, { 'if-none-match': etag });
      assert.equal(revalidated.statusCode, 304);
      const gzipped = await preview(alice.headers, id!, { 'accept-encoding': 'gzip' });
      assert.equal(gzipped.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gzipped.rawPayload).toString(), first.body);
      assert.equal(slots.stats().granted, runs, 'no worker run for cached previews');
      assert.equal((await preview(bob.headers, id!)).statusCode, 404, "another tenant cannot read Alice's");

      const putMappings = async (mappings: Array<{ pattern: string; element_class: string }>) => {
        const put = await ctx.app.inject({
          method: 'PUT',
          url: '/api/layer-mappings',
          headers: alice.headers,
          payload: { mappings },
        });
        assert.equal(put.statusCode, 200, put.body);
      };
      await putMappings([{ pattern: 'A-WALL', element_class: 'annotation' }]);
      const remapped = await preview(alice.headers, id!);
      assert.equal(remapped.statusCode, 200);
      assert.equal(slots.stats().granted, runs + 1, 'rendered again with the new mappings');
      assert.notEqual(remapped.headers.etag, etag);
      const walls = (svg: string) => /data-class="wall"/.test(svg);
      assert.ok(walls(first.body) && !walls(remapped.body), 'A-WALL is drawn as annotation now');
      assert.equal((await preview(alice.headers, id!, { 'if-none-match': etag })).statusCode, 200);

      // the same set again changes nothing: the preview stays cached (a repeat PUT costs no render)
      await putMappings([{ pattern: 'A-WALL', element_class: 'annotation' }]);
      const again = await preview(alice.headers, id!);
      assert.equal(again.headers.etag, remapped.headers.etag);
      assert.equal(slots.stats().granted, runs + 1, 'no render after a PUT of the set already stored');
      await putMappings([
        { pattern: 'A-WALL', element_class: 'annotation' },
        { pattern: 'A-DOOR', element_class: 'annotation' },
      ]);
      assert.equal((await preview(alice.headers, id!)).statusCode, 200);
      assert.equal(slots.stats().granted, runs + 2, 'a changed set renders again');

      const deleted = await ctx.app.inject({
        method: 'DELETE',
        url: `/api/files/${id}`,
        headers: alice.headers,
      });
      assert.ok(deleted.statusCode < 300, deleted.body);
      assert.equal(await ctx.deps.cache.get(previewKey(alice.tenantId, id!)), undefined);
      assert.equal((await preview(alice.headers, id!)).statusCode, 404);
    },
  );
});
