import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { DomainEvent } from '../../src/events/index.ts';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.ts';

interface EstimateJson {
  id: string;
  file_id: string | null;
  total: number;
  material_cost: number;
  installation_cost: number;
  direct_cost: number;
  overhead: number;
  profit: number;
  currency: string;
  location: { key: string };
  lines: Array<{ material: string; source_ref: string; total: number; material_factor: number }>;
  divisions: Array<{ division: string; total: number }>;
}

const SEED_PAYLOAD = { materials: { concrete: 100, steel: 50, wood: 75 }, location: 'New York' };

void test('cost estimates API', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const alice = await ctx.createTenant('Alice');
  const bob = await ctx.createTenant('Bob');
  const post = (headers: Record<string, string>, payload: unknown) =>
    ctx.app.inject({ method: 'POST', url: '/api/cost-estimates', headers, payload: payload as object });
  const storedRows = async () => {
    let total = 0;
    for (const [, shard] of ctx.deps.router.all()) {
      const row = await shard.db
        .selectFrom('cost_estimates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      total += Number(row.n);
    }
    return total;
  };

  await t.test(
    'the seed payload prices for New York; the result equals the hand-computed figures',
    async () => {
      const settings = await ctx.app.inject({
        method: 'PUT',
        url: '/api/cost-settings',
        headers: alice.headers,
        payload: { overhead_pct: 12, profit_pct: 6 },
      });
      assert.equal(settings.statusCode, 200, settings.body);
      const response = await post(alice.headers, SEED_PAYLOAD);
      assert.equal(response.statusCode, 201, response.body);
      const estimate = response.json<EstimateJson>();
      assert.match(estimate.id, /^[0-9a-f-]{36}$/);
      assert.equal(estimate.location.key, 'new-york-ny');
      // concrete (div 03, NY 104.8/175.6): 100 m3 × 1.05 × (185 × 1.048 + 95 × 1.756) = 20357.40 + 17516.10
      // steel → structural_steel (05, 102.4/172): 50 kg × 1.03 × (2.6 × 1.024 + 1.4 × 1.72) = 137.1136 + 124.012
      // wood → timber (06, 103.6/172): 75 m3 × 1.10 × (650 × 1.036 + 480 × 1.72) = 55555.50 + 68112.00
      const byMaterial = Object.fromEntries(estimate.lines.map((l) => [l.material, l]));
      assert.equal(byMaterial.concrete?.total, 37873.5);
      assert.equal(byMaterial.structural_steel?.total, 261.13);
      assert.equal(byMaterial.timber?.total, 123667.5);
      assert.equal(byMaterial.structural_steel?.source_ref, 'steel');
      assert.equal(estimate.material_cost, 76050.01);
      assert.equal(estimate.installation_cost, 85752.11);
      assert.equal(estimate.direct_cost, 161802.13);
      assert.equal(estimate.overhead, 19416.26); // 12 % of 161802.1256
      assert.equal(estimate.profit, 10873.1); // 6 % of (direct + overhead) = 181218.380672
      assert.equal(estimate.total, 192091.48);
      assert.deepEqual(
        estimate.divisions.map((d) => d.division),
        ['03', '05', '06'],
      );
      const fetched = await ctx.app.inject({
        url: `/api/cost-estimates/${estimate.id}`,
        headers: alice.headers,
      });
      assert.equal(fetched.statusCode, 200);
      assert.equal(fetched.json<EstimateJson>().total, estimate.total);
    },
  );

  await t.test(
    'location lookup is tolerant; default markup applies to a tenant without settings',
    async () => {
      const response = await post(bob.headers, { ...SEED_PAYLOAD, location: 'new york, ny' });
      assert.equal(response.statusCode, 201, response.body);
      const estimate = response.json<EstimateJson & { overhead_pct: number; profit_pct: number }>();
      assert.equal(estimate.location.key, 'new-york-ny');
      assert.deepEqual([estimate.overhead_pct, estimate.profit_pct], [10, 5]);
    },
  );

  await t.test(
    'a changed markup applies to the next estimate at once (the cached markup is dropped)',
    async () => {
      const markupOf = async () => {
        const response = await post(bob.headers, SEED_PAYLOAD);
        assert.equal(response.statusCode, 201, response.body);
        const estimate = response.json<{ overhead_pct: number; profit_pct: number }>();
        return [estimate.overhead_pct, estimate.profit_pct];
      };
      assert.deepEqual(await markupOf(), [10, 5]);
      const put = await ctx.app.inject({
        method: 'PUT',
        url: '/api/cost-settings',
        headers: bob.headers,
        payload: { overhead_pct: 15, profit_pct: 8 },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(await markupOf(), [15, 8]);
      const settings = await ctx.app.inject({ url: '/api/cost-settings', headers: bob.headers });
      assert.deepEqual(settings.json(), { overhead_pct: 15, profit_pct: 8 });
    },
  );

  await t.test('Atlantis is 422 with suggestions; bad inputs are 4xx and store nothing', async () => {
    const before = await storedRows();
    const atlantis = await post(alice.headers, { ...SEED_PAYLOAD, location: 'Atlantis' });
    assert.equal(atlantis.statusCode, 422);
    const body = atlantis.json<{ code: string; suggestions: string[] }>();
    assert.equal(body.code, 'UNKNOWN_LOCATION');
    assert.ok(body.suggestions.length > 0);
    const huge = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`concrete${i}`, 1]));
    const cases: Array<[string, unknown, number, string?]> = [
      ['negative', { materials: { concrete: -1 }, location: 'New York' }, 422, 'INVALID_ESTIMATE_INPUT'],
      [
        'non-numeric',
        { materials: { concrete: 'abc' }, location: 'New York' },
        422,
        'INVALID_ESTIMATE_INPUT',
      ],
      [
        'numeric string',
        { materials: { concrete: '100' }, location: 'New York' },
        422,
        'INVALID_ESTIMATE_INPUT',
      ],
      [
        'null quantity',
        { materials: { concrete: null }, location: 'New York' },
        422,
        'INVALID_ESTIMATE_INPUT',
      ],
      ['10,000 entries', { materials: huge, location: 'New York' }, 400],
      [
        'unknown material',
        { materials: { concrete: 1, unobtanium: 2 }, location: 'New York' },
        422,
        'UNKNOWN_MATERIAL',
      ],
      ['empty map', { materials: {}, location: 'New York' }, 400],
      ['no location', { materials: { concrete: 1 } }, 400],
      [
        'both sources',
        { materials: { concrete: 1 }, file_id: crypto.randomUUID(), location: 'New York' },
        400,
      ],
      ['other currency', { materials: { concrete: 1 }, location: 'New York', currency: 'EUR' }, 422],
    ];
    for (const [name, payload, status, code] of cases) {
      const response = await post(alice.headers, payload);
      assert.equal(response.statusCode, status, `${name}: ${response.body}`);
      if (code) assert.equal(response.json<{ code: string }>().code, code, name);
    }
    const unknown = await post(alice.headers, { materials: { unobtanium: 2 }, location: 'New York' });
    assert.match(unknown.json<{ message: string }>().message, /unobtanium/);
    const madeUp = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`${'made up material '.repeat(6)}${i}`.slice(-100), 1]),
    );
    const many = await post(alice.headers, { materials: madeUp, location: 'New York' });
    assert.equal(many.statusCode, 422, many.body);
    const manyBody = many.json<{
      code: string;
      materials: string[];
      suggestions_omitted: { materials: number };
    }>();
    assert.equal(manyBody.code, 'UNKNOWN_MATERIAL');
    assert.equal(manyBody.materials.length, 500, 'every unknown name is reported');
    assert.equal(manyBody.suggestions_omitted.materials, 495, 'suggestions for the first 5 only');
    assert.equal(await storedRows(), before);
  });

  await t.test('list pages newest first with a cursor, per tenant', async () => {
    const tenant = await ctx.createTenant('Pager');
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const response = await post(tenant.headers, { materials: { concrete: i }, location: 'Chicago' });
      ids.push(response.json<EstimateJson>().id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/cost-estimates?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await ctx.app.inject({ url, headers: tenant.headers })).json<{
        items: Array<{ id: string; total: number }>;
        next_cursor: string | null;
      }>();
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, [...ids].reverse());
  });

  await t.test('xlsx export reads back with the API totals; csv has its content type', async () => {
    const estimate = (await post(alice.headers, SEED_PAYLOAD)).json<EstimateJson>();
    const xlsx = await ctx.app.inject({
      url: `/api/cost-estimates/${estimate.id}/export?format=xlsx`,
      headers: alice.headers,
    });
    assert.equal(xlsx.statusCode, 200);
    assert.equal(
      xlsx.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    assert.match(
      String(xlsx.headers['content-disposition']),
      /^attachment; filename="estimate-[0-9a-f-]+\.xlsx"$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet('Summary')!;
    const rowOf = (label: RegExp) => {
      let found: ExcelJS.Row | undefined;
      summary.eachRow((row) => {
        if (label.test(row.getCell(1).text)) found = row;
      });
      return found!;
    };
    assert.equal(rowOf(/^Grand total/).getCell(8).value, estimate.total);
    assert.equal(rowOf(/^Direct cost/).getCell(8).value, estimate.direct_cost);
    assert.equal(rowOf(/^Overhead/).getCell(8).value, estimate.overhead);
    for (const division of estimate.divisions)
      assert.equal(rowOf(new RegExp(`^${division.division}$`)).getCell(8).value, division.total);
    const lines = workbook.getWorksheet('Lines')!;
    assert.equal(lines.rowCount, estimate.lines.length + 1);
    const csv = await ctx.app.inject({
      url: `/api/cost-estimates/${estimate.id}/export?format=csv`,
      headers: alice.headers,
    });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(csv.body, new RegExp(`Grand total \\(USD\\),+${estimate.total}`));
    const bad = await ctx.app.inject({
      url: `/api/cost-estimates/${estimate.id}/export?format=pdf`,
      headers: alice.headers,
    });
    assert.equal(bad.statusCode, 400);
  });

  await t.test("a tenant cannot read, list or export another tenant's estimate", async () => {
    const estimate = (await post(alice.headers, SEED_PAYLOAD)).json<EstimateJson>();
    for (const url of [
      `/api/cost-estimates/${estimate.id}`,
      `/api/cost-estimates/${estimate.id}/export?format=csv`,
    ]) {
      const response = await ctx.app.inject({ url, headers: bob.headers });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json<{ code: string }>().code, 'ESTIMATE_NOT_FOUND');
    }
    const missing = await ctx.app.inject({
      url: `/api/cost-estimates/${crypto.randomUUID()}`,
      headers: bob.headers,
    });
    assert.equal(missing.statusCode, 404);
    const list = await ctx.app.inject({ url: '/api/cost-estimates?limit=100', headers: bob.headers });
    assert.ok(!list.json<{ items: Array<{ id: string }> }>().items.some((item) => item.id === estimate.id));
  });

  await t.test('cost_estimated is emitted with estimate and material costs', async () => {
    const received: DomainEvent[] = [];
    const unsubscribe = ctx.deps.events.subscribe(alice.tenantId, (event) => void received.push(event));
    t.after(unsubscribe);
    const estimate = (await post(alice.headers, SEED_PAYLOAD)).json<EstimateJson>();
    const deadline = Date.now() + 5000;
    while (!received.some((e) => e.type === 'cost_estimated') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const event = received.find((e) => e.type === 'cost_estimated');
    assert.ok(event, 'no cost_estimated event');
    const data = event.data as {
      estimate: { id: string; total: number; labor_cost: number; location: string };
      materials: Record<string, { cost: number; unit: string }>;
    };
    assert.equal(data.estimate.id, estimate.id);
    assert.equal(data.estimate.total, estimate.total);
    assert.equal(data.estimate.labor_cost, estimate.installation_cost);
    assert.equal(data.estimate.location, 'New York');
    assert.equal(data.materials.concrete?.cost, 37873.5);
    assert.equal(data.materials.concrete?.unit, 'm3');
  });

  await t.test('a file whose analysis has not completed is 409; an unknown file 404', async () => {
    const notFound = await post(alice.headers, { file_id: crypto.randomUUID(), location: 'New York' });
    assert.equal(notFound.statusCode, 404);
    assert.equal(notFound.json<{ code: string }>().code, 'FILE_NOT_FOUND');
  });

  await t.test(
    'catalog and locations: public, cacheable, strong ETag and 304; operator upsert bumps version',
    async () => {
      const catalog = await ctx.app.inject({ url: '/api/material-catalog' });
      assert.equal(catalog.statusCode, 200);
      assert.equal(catalog.headers['cache-control'], 'public, max-age=300, stale-while-revalidate=86400');
      const etag = String(catalog.headers.etag);
      assert.match(etag, /^"[^"]+"$/);
      const items = catalog.json<{
        items: Array<{ key: string; version: number; material_unit_price: number }>;
      }>().items;
      assert.ok(items.some((m) => m.key === 'concrete'));
      const again = await ctx.app.inject({
        url: '/api/material-catalog',
        headers: { 'if-none-match': etag },
      });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      const locations = await ctx.app.inject({ url: '/api/material-locations' });
      assert.equal(locations.statusCode, 200);
      assert.ok(
        locations.json<{ items: Array<{ key: string }> }>().items.some((l) => l.key === 'new-york-ny'),
      );
      const location304 = await ctx.app.inject({
        url: '/api/material-locations',
        headers: { 'if-none-match': String(locations.headers.etag) },
      });
      assert.equal(location304.statusCode, 304);

      const concrete = items.find((m) => m.key === 'concrete')!;
      const row = Object.fromEntries(
        Object.entries(concrete).filter(([key]) => key !== 'key' && key !== 'version'),
      );
      const upsert = (headers: Record<string, string>, payload: object) =>
        ctx.app.inject({ method: 'PUT', url: '/api/admin/materials/concrete', headers, payload });
      const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
      assert.equal((await upsert(alice.headers, { ...row, material_unit_price: 1 })).statusCode, 401);
      assert.equal((await upsert(admin, { ...row, division: '99' })).statusCode, 422);
      assert.equal((await upsert(admin, { ...row, currency: 'EUR' })).statusCode, 422);
      const updated = await upsert(admin, { ...row, material_unit_price: 200 });
      assert.equal(updated.statusCode, 200, updated.body);
      assert.equal(updated.json<{ version: number }>().version, concrete.version + 1);
      const fresh = await ctx.app.inject({
        url: '/api/material-catalog',
        headers: { 'if-none-match': etag },
      });
      assert.equal(fresh.statusCode, 200);
      assert.notEqual(fresh.headers.etag, etag);
      const priced = (
        await post(alice.headers, { materials: { concrete: 1 }, location: 'us national average' })
      ).json<EstimateJson & { lines: Array<{ material_unit_price: number; catalog_version: number }> }>();
      assert.equal(priced.lines[0]?.material_unit_price, 200);
      assert.equal(priced.lines[0]?.catalog_version, concrete.version + 1);
    },
  );
});
