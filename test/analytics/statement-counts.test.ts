import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import type { TenantKind } from '../../src/cache/index.ts';
import { statementsDuring } from '../support/statement-counter.ts';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/test-app.ts';

/** Rows the big tenant has of everything listed (the small tenant has one of each). */
const MANY = 15;
const ESTIMATE = { materials: { concrete: 100, steel: 50 }, location: 'New York' };
/** Where the estimates of a tenant with several are priced (usage has a row per location and month). */
const LOCATIONS = ['new-york-ny', 'chicago-il', 'houston-tx', 'seattle-wa', 'miami-fl'];
const OPERATOR = { authorization: `Bearer ${ADMIN_TOKEN}` };

type Tenant = Awaited<ReturnType<TestApp['createTenant']>>;
interface Owned {
  tenant: Tenant;
  fileIds: string[];
  ruleId: string;
}

/** A request of a list or batch route, for a tenant holding `owned`, asking for (or naming) `size` items. */
interface RouteCase {
  name: string;
  request(owned: Owned, size: number): { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: object };
  /** Statements the route sends, whatever the size (asserted: a change here must be a decision). */
  statements: number;
  /**
   * Statements for a page of one, when fewer: the file list reads month windows newest first and stops when
   * the page is full, so a full page needs one window less (bounded by the months, not by the items).
   */
  pageOfOne?: number;
  /** Cached kinds the route answers from: dropped before each count, so the loader's statements are counted. */
  uncached?: TenantKind[];
}

const ROUTES: RouteCase[] = [
  {
    name: 'GET /api/files',
    request: (_o, n) => ({ method: 'GET', url: `/api/files?limit=${n}` }),
    statements: 2,
    pageOfOne: 1,
  },
  {
    name: 'GET /api/cost-estimates',
    request: (_o, n) => ({ method: 'GET', url: `/api/cost-estimates?limit=${n}` }),
    statements: 1,
  },
  {
    name: 'GET /api/automation-rules',
    request: (_o, n) => ({ method: 'GET', url: `/api/automation-rules?limit=${n}` }),
    statements: 1,
  },
  {
    name: 'GET /api/automation-rules/:id/runs',
    request: (o, n) => ({ method: 'GET', url: `/api/automation-rules/${o.ruleId}/runs?limit=${n}` }),
    statements: 4, // the rule, its runs, their actions and attempts (each one query over every run)
  },
  {
    name: 'GET /api/notifications',
    request: (_o, n) => ({ method: 'GET', url: `/api/notifications?limit=${n}` }),
    statements: 1,
  },
  { name: 'GET /api/users', request: () => ({ method: 'GET', url: '/api/users' }), statements: 1 },
  { name: 'GET /api/api-keys', request: () => ({ method: 'GET', url: '/api/api-keys' }), statements: 1 },
  {
    name: 'POST /api/cost-estimates/search-similar',
    request: (_o, n) => ({
      method: 'POST',
      url: '/api/cost-estimates/search-similar',
      payload: { ...ESTIMATE, limit: n },
    }),
    statements: 2, // the nearest at the same location, and anywhere
  },
  {
    name: 'POST /api/batch/process-files',
    request: (o, n) => ({
      method: 'POST',
      url: '/api/batch/process-files',
      payload: { file_ids: o.fileIds.slice(0, n), actions: ['analyze'] },
    }),
    statements: 3, // the batch-ids quota, the files, one insert of every job
  },
  {
    name: 'GET /api/layer-mappings',
    request: () => ({ method: 'GET', url: '/api/layer-mappings' }),
    statements: 1,
  },
  {
    name: 'GET /api/files/:id/takeoff-adjustments',
    request: (o) => ({ method: 'GET', url: `/api/files/${o.fileIds[0]}/takeoff-adjustments` }),
    statements: 2, // the file's analysis (404 for another tenant's file), its adjustments
    uncached: ['analysis_results'],
  },
  {
    name: 'GET /api/usage',
    request: () => ({ method: 'GET', url: '/api/usage' }),
    statements: 4, // the tenant's rows of each view, when they were refreshed
    uncached: ['usage_summary'],
  },
  {
    name: 'GET /api/automation-triggers',
    request: () => ({ method: 'GET', url: '/api/automation-triggers' }),
    statements: 0, // built from the rule tables at startup
  },
  {
    name: 'PUT /api/layer-mappings',
    request: (_o, n) => ({
      method: 'PUT',
      url: '/api/layer-mappings',
      payload: {
        mappings: Array.from({ length: n }, (_, i) => ({ pattern: `X-LAYER-${i}`, element_class: 'wall' })),
      },
    }),
    statements: 6, // begin, the tenant's lock, the current set (unchanged: no write), delete, one insert, commit
  },
];

void test('N+1 guard: every list and batch route sends a constant number of statements', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const small = await fill(ctx, 1);
  const big = await fill(ctx, MANY);
  await ctx.deps.analytics.refresher.refreshAll(); // the usage views hold the tenants' rows

  const count = async (owned: Owned, route: RouteCase, size: number) => {
    const { method, url, payload } = route.request(owned, size);
    for (const kind of route.uncached ?? [])
      await ctx.deps.cache.invalidateTenantKind(owned.tenant.tenantId, kind);
    const { result, statements } = await statementsDuring(() =>
      ctx.app.inject({ method, url, headers: owned.tenant.headers, ...(payload && { payload }) }),
    );
    assert.ok(result.statusCode < 300, `${route.name}: ${result.statusCode} ${result.body}`);
    return statements;
  };

  await t.test('the counter sees every statement of its call, and only those', async () => {
    const shard = ctx.deps.router.forTenant(small.tenant.tenantId);
    const other = statementsDuring(() => sql`SELECT pg_sleep(0.05)`.execute(shard)); // concurrent, not counted
    const { statements } = await statementsDuring(async () => {
      for (let i = 0; i < 3; i++) await sql`SELECT ${i}::int AS n`.execute(shard); // an N+1 loop shows as N
    });
    assert.equal(statements.length, 3);
    assert.equal((await other).statements.length, 1);
  });

  for (const route of ROUTES) {
    await t.test(`${route.name}: the same statements for 1 or ${MANY} items`, async () => {
      const one = await count(small, route, MANY);
      const many = await count(big, route, MANY);
      const fewOfMany = await count(big, route, 1);
      const shown = (s: string[]) => s.map((text) => text.replace(/\s+/g, ' ').slice(0, 120)).join('\n  ');
      assert.equal(many.length, one.length, `1 item:\n  ${shown(one)}\n${MANY} items:\n  ${shown(many)}`);
      assert.equal(fewOfMany.length, route.pageOfOne ?? many.length, `page of 1:\n  ${shown(fewOfMany)}`);
      assert.equal(many.length, route.statements, shown(many));
    });
  }
});

/** An operator or public route, whose rows are every tenant's (or the shared catalog's) rather than one's. */
interface SharedRouteCase {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** Statements the route sends, however many tenants, materials or locations there are. */
  statements: number;
}

const SHARED_ROUTES: SharedRouteCase[] = [
  { name: 'GET /api/admin/tenants', url: '/api/admin/tenants', headers: OPERATOR, statements: 1 },
  {
    name: 'GET /api/admin/usage',
    url: '/api/admin/usage',
    headers: OPERATOR,
    statements: 8, // on each of the two shards: every view's rows, when they were refreshed
  },
  {
    name: 'GET /api/admin/usage?refresh=true',
    url: '/api/admin/usage?refresh=true',
    headers: OPERATOR,
    // on each of the two shards: the refresh (begin, lock, each view refreshed and its time noted, commit), the reads
    statements: 26,
  },
  { name: 'GET /api/material-catalog', url: '/api/material-catalog', statements: 2 }, // materials, locations
  { name: 'GET /api/material-locations', url: '/api/material-locations', statements: 2 },
];

void test('N+1 guard: operator and catalog routes send as many statements for many tenants and materials as for few', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  await fill(ctx, 1);
  const count = async (route: SharedRouteCase) => {
    // the catalog's rows are cached for every tenant: dropped, so loading them is what is counted
    await ctx.deps.cache.invalidateShared('material_catalog');
    await ctx.deps.cache.invalidateShared('material_locations');
    const { result, statements } = await statementsDuring(() =>
      ctx.app.inject({ url: route.url, headers: route.headers ?? {} }),
    );
    assert.ok(result.statusCode < 300, `${route.name}: ${result.statusCode} ${result.body}`);
    return statements;
  };
  await ctx.deps.analytics.refresher.refreshAll();
  const few: string[][] = [];
  for (const route of SHARED_ROUTES) few.push(await count(route));

  // MANY more tenants with files and estimates, MANY more materials and locations
  for (let i = 0; i < MANY; i++) await fill(ctx, 1, `more-${i}`);
  await sql`INSERT INTO materials (key, name, unit, division, division_name, material_unit_price,
      installation_unit_cost, currency, waste_pct, source)
    SELECT 'zz_extra_' || n, m.name || ' ' || n, m.unit, m.division, m.division_name, m.material_unit_price,
      m.installation_unit_cost, m.currency, m.waste_pct, 'test'
    FROM (SELECT * FROM materials ORDER BY key LIMIT 1) m, generate_series(1, ${MANY}::int) n`.execute(
    ctx.deps.control.db,
  );
  await sql`INSERT INTO locations (key, name, region, country, overall, divisions, source)
    SELECT 'zz-extra-' || n, l.name || ' ' || n, l.region, l.country, l.overall, l.divisions, 'test'
    FROM (SELECT * FROM locations ORDER BY key LIMIT 1) l, generate_series(1, ${MANY}::int) n`.execute(
    ctx.deps.control.db,
  );
  await ctx.deps.analytics.refresher.refreshAll();

  for (const [i, route] of SHARED_ROUTES.entries()) {
    await t.test(
      `${route.name}: the same statements for ${MANY} more tenants, materials and locations`,
      async () => {
        const many = await count(route);
        const shown = (s: string[]) => s.map((text) => text.replace(/\s+/g, ' ').slice(0, 120)).join('\n  ');
        assert.equal(many.length, few[i]!.length, `few:\n  ${shown(few[i]!)}\nmany:\n  ${shown(many)}`);
        assert.equal(many.length, route.statements, shown(many));
      },
    );
  }
});

/** A tenant with `n` files, estimates, rules, runs of its first rule, notifications, users and API keys. */
async function fill(ctx: TestApp, n: number, label = String(n)): Promise<Owned> {
  const tenant = await ctx.createTenant(`Tenant of ${label}`);
  const inject = async (method: 'POST', url: string, payload: object) => {
    const response = await ctx.app.inject({ method, url, headers: tenant.headers, payload });
    assert.ok(response.statusCode < 300, response.body);
    return response.json<{ id: string }>();
  };
  const dxf = buildRoomDxf({ unit: 'm' });
  const fileIds = await Promise.all(
    Array.from({ length: n }, (_, i) => ctx.upload(tenant.headers, `plan-${i}.dxf`, dxf)),
  );
  const ruleIds: string[] = [];
  for (let i = 0; i < n; i++) {
    await inject('POST', '/api/cost-estimates', { ...ESTIMATE, location: LOCATIONS[i % LOCATIONS.length] });
    await inject('POST', '/api/users', {
      email: `u${i}@t${label}.example`,
      password: 'long enough password',
      role: 'viewer',
    });
    await inject('POST', '/api/api-keys', { name: `key ${i}` });
    const rule = await inject('POST', '/api/automation-rules', {
      name: `Rule ${i}`,
      trigger_type: 'file_uploaded',
      trigger_conditions: { all: [{ field: 'file_size', operator: 'greater_than', value: 1 }] },
      actions: [{ type: 'send_notification', message: 'arrived' }],
    });
    ruleIds.push(rule.id);
  }
  // Runs and notifications are written by the rules engine; here they are rows like the ones it writes.
  const shard = ctx.deps.router.forTenant(tenant.tenantId);
  const ids = Array.from({ length: n }, () => uuidv7());
  await shard
    .insertInto('automation_runs')
    .values(
      ids.map((id, i) => ({
        ...{ tenant_id: tenant.tenantId, id, rule_id: ruleIds[0]!, event_id: `event-${i}` },
        ...{ event_type: 'file_uploaded', event: '{}', matched: true, trace: '[]', status: 'succeeded' },
        causation: '{}',
      })),
    )
    .execute();
  await shard
    .insertInto('notifications')
    .values(
      ids.map((id, i) => ({
        tenant_id: tenant.tenantId,
        id,
        source_key: `n-${i}`,
        title: 'T',
        message: 'M',
      })),
    )
    .execute();
  await shard
    .insertInto('layer_mappings')
    .values(
      ids.map((_, i) => ({
        tenant_id: tenant.tenantId,
        pattern: `L-${i}`,
        element_class: 'wall',
        position: i,
      })),
    )
    .execute();
  await shard
    .insertInto('takeoff_adjustments')
    .values(
      ids.map((id, i) => ({
        ...{ tenant_id: tenant.tenantId, file_id: fileIds[0]!, id, kind: 'exclude_line' },
        ...{ line_id: `line-${i}`, handles: [], created_by: 'key:test' },
      })),
    )
    .execute();
  await ctx.app.inject({ method: 'GET', url: '/api/me', headers: tenant.headers }); // the key is looked up once
  return { tenant, fileIds, ruleId: ruleIds[0]! };
}
