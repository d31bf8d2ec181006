import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from 'uuidv7';
import { FileRepository } from '../../src/files/index.ts';
import { startTestApp } from '../support/test-app.ts';

/** A UUIDv7 whose timestamp is `date` (the partition key of a file is derived from its id). */
function uuidv7At(date: Date): string {
  const hex = date.getTime().toString(16).padStart(12, '0');
  const full = hex + uuidv7().replace(/-/g, '').slice(12);
  return `${full.slice(0, 8)}-${full.slice(8, 12)}-${full.slice(12, 16)}-${full.slice(16, 20)}-${full.slice(20)}`;
}

const DAY = 86_400_000;

test('list pages reach files older than the recent window: first page, cursor paging, filters', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant();
  const other = await ctx.createTenant();
  const repository = new FileRepository(ctx.deps.router);
  // 3 files today, 4 files 40 days ago, 3 files 400 days ago (older months, made on insert), newest first.
  const ages = [0, 0, 0, 40, 40, 40, 40, 400, 400, 400];
  const now = Date.now();
  const made = ages.map((days, i) => {
    const createdAt = new Date(now - days * DAY - i * 1000);
    return { id: uuidv7At(createdAt), createdAt };
  });
  for (const owner of [tenant, other]) {
    await repository.createMany(
      made.map(({ id: ownId, createdAt }) => {
        const id = owner === tenant ? ownId : uuidv7At(createdAt); // the other tenant's files at the same times
        return {
          id,
          tenantId: owner.tenantId,
          createdAt,
          filename: `${id}.dxf`,
          format: 'dxf',
          sizeBytes: 1,
          sha256: 'x',
          blobKey: `k/${id}`,
        };
      }),
      async () => undefined,
    );
  }
  const expected = made.map((m) => m.id);
  const page = async (query: string) =>
    (await ctx.app.inject({ url: `/api/files?${query}`, headers: tenant.headers })).json<{
      items: Array<{ file_id: string }>;
      next_cursor: string | null;
    }>();

  // The recent window holds 3: the first page continues into the older months for the rest.
  const first = await page('limit=20');
  assert.deepEqual(
    first.items.map((f) => f.file_id),
    expected,
  );
  assert.equal(first.next_cursor, null);

  // Pages of 2 walk across the window's edge and the year-old months without gaps or repeats.
  const walked: string[] = [];
  let cursor: string | null = null;
  do {
    const next = await page(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    walked.push(...next.items.map((f) => f.file_id));
    cursor = next.next_cursor;
  } while (cursor);
  assert.deepEqual(walked, expected);

  // A date filter inside the old months, and a created_to far in the future, see the same rows.
  const from = new Date(now - 41 * DAY).toISOString();
  const to = new Date(now - 39 * DAY).toISOString();
  assert.deepEqual(
    (await page(`created_from=${from}&created_to=${to}`)).items.map((f) => f.file_id),
    expected.slice(3, 7),
  );
  assert.deepEqual(
    (await page('limit=100&created_to=2100-01-01T00:00:00.000Z')).items.map((f) => f.file_id),
    expected,
  );
});
