import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { buildRoomDxf } from '../fixtures/drawings/room.fixture.ts';
import { statementsDuring } from '../support/statement-counter.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** Rows the big tenant has of everything listed (the small tenant has one of each). */
const MANY = 15;
const ESTIMATE = { materials: { concrete: 100, steel: 50 }, location: 'New York' };

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

  const count = async (owned: Owned, route: RouteCase, size: number) => {
    const { method, url, payload } = route.request(owned, size);
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

/** A tenant with `n` files, estimates, rules, runs of its first rule, notifications, users and API keys. */
async function fill(ctx: TestApp, n: number): Promise<Owned> {
  const tenant = await ctx.createTenant(`Tenant of ${n}`);
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
    await inject('POST', '/api/cost-estimates', ESTIMATE);
    await inject('POST', '/api/users', {
      email: `u${i}@t${n}.example`,
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
  await ctx.app.inject({ method: 'GET', url: '/api/me', headers: tenant.headers }); // the key is looked up once
  return { tenant, fileIds, ruleId: ruleIds[0]! };
}
