// Randomized tenant isolation: fast-check draws sequences of operations by the owners, estimators and viewers
// of three tenants (signed in, or by API key) over every tenant route of the OpenAPI document, half of them
// aimed at another tenant's resources. No response may hold another tenant's ids, names or file bytes, and
// an access to another tenant's resource must answer exactly like one to an id that exists nowhere.
// FUZZ_ISOLATION_OPS sets the number of operations (default 2000), FUZZ_SEED replays a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ADMIN_TOKEN, multipartFile, startTestApp, type TestApp } from '../support/test-app.ts';
import { signIn } from '../support/sessions.ts';
import { documentedOperations, fillRoute, isTenantRoute, type Operation } from './api-surface.ts';

const OPERATIONS = Number(process.env.FUZZ_ISOLATION_OPS ?? 2000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const SEQUENCE = 20;
const PASSWORD = 'correct horse battery';
const ROLES = ['owner', 'estimator', 'viewer'] as const;

/** Kinds of resource a route's `:param` names. */
type Pool = 'files' | 'rules' | 'runs' | 'estimates' | 'users' | 'keys' | 'notifications' | 'reports';

/** A request with its method and URL as plain strings. */
type Request = InjectOptions & { method: Operation['method']; url: string };

interface Actor {
  role: (typeof ROLES)[number];
  /** Headers of reads and writes (a session's cookie and CSRF token, or an API key). */
  headers: Record<string, string>;
}

interface Tenant {
  name: string;
  tenantId: string;
  /** Bytes in every file the tenant uploads. */
  marker: string;
  actors: Actor[];
  pools: Record<Pool, string[]>;
  /** Everything that identifies the tenant's data: no other tenant may ever see one of these. */
  secrets: Set<string>;
}

/** The resource kind behind a route parameter; a new parameterised route must be named here. */
function poolOf(route: string, param: string): Pool | 'index' {
  if (param === 'index') return 'index';
  if (param === 'runId') return 'runs';
  const byPrefix: Array<[string, Pool]> = [
    ['/api/files/', 'files'],
    ['/api/automation-rules/', 'rules'],
    ['/api/cost-estimates/', 'estimates'],
    ['/api/users/', 'users'],
    ['/api/api-keys/', 'keys'],
    ['/api/notifications/', 'notifications'],
    ['/api/reports/', 'reports'],
  ];
  const found = byPrefix.find(([prefix]) => route.startsWith(prefix));
  if (!found) throw new Error(`${route}: which resource does :${param} name? Add it to poolOf`);
  return found[1];
}

/** The list a collection route answers, and the pool its items belong to. */
const LISTS: Record<string, Pool> = {
  'GET /api/files': 'files',
  'GET /api/automation-rules': 'rules',
  'GET /api/automation-rules/:id/runs': 'runs',
  'GET /api/cost-estimates': 'estimates',
  'GET /api/users': 'users',
  'GET /api/notifications': 'notifications',
};

/** Where a created resource's id is, by creating route. */
const CREATES: Record<string, [Pool, (body: Record<string, unknown>) => unknown]> = {
  'POST /api/files/upload': ['files', (b) => b.file_id],
  'POST /api/automation-rules': ['rules', (b) => b.id],
  'POST /api/cost-estimates': ['estimates', (b) => b.id],
  'POST /api/users': ['users', (b) => b.id],
  'POST /api/api-keys': ['keys', (b) => b.id],
};

function dxfWith(marker: string): string {
  return `999\n${marker}\n0\nSECTION\n2\nENTITIES\n0\nLINE\n8\nA-WALL\n10\n0\n20\n0\n11\n5\n21\n0\n0\nENDSEC\n0\nEOF\n`;
}

/** A unique name that marks `tenant`'s data. */
function nameOf(tenant: Tenant, what: string): string {
  const name = `${tenant.marker}-${what}-${randomUUID().slice(0, 8)}`;
  tenant.secrets.add(name);
  return name;
}

/**
 * The body of a write as `tenant` sends it, naming `file` where the route takes a file id (an own file, a
 * foreign one, or a missing one); routes without a body here get `{}` (a validation error is a response too).
 */
function bodyOf(
  key: string,
  tenant: Tenant,
  file: string,
  cross: boolean,
): Pick<InjectOptions, 'payload' | 'headers'> {
  const rule = () => ({
    name: nameOf(tenant, 'rule'),
    trigger_type: 'analysis_completed',
    trigger_conditions: { all: [{ field: 'file.size_bytes', operator: 'greater_than', value: 1 }] },
    actions: [{ type: 'send_notification', message: nameOf(tenant, 'note') }],
  });
  switch (key) {
    case 'POST /api/files/upload': {
      const body = multipartFile(`${nameOf(tenant, 'file')}.dxf`, dxfWith(tenant.marker));
      return { payload: body.payload, headers: body.headers };
    }
    case 'POST /api/automation-rules':
    case 'PUT /api/automation-rules/:id':
      return { payload: rule() };
    case 'POST /api/cost-estimates':
      return { payload: { file_id: file, location: 'Berlin' } };
    case 'POST /api/batch/process-files':
      return { payload: { file_ids: [file], actions: ['analyze'] } };
    case 'POST /api/events/file-uploaded':
    case 'POST /api/cost-estimates/search-similar':
    case 'POST /api/automation-rules/:id/test':
      return { payload: { file_id: file } };
    case 'POST /api/users':
      return {
        payload: {
          email: `${nameOf(tenant, 'user')}@iso.example`.toLowerCase(),
          password: PASSWORD,
          role: 'viewer',
        },
      };
    case 'POST /api/api-keys':
      return { payload: { name: nameOf(tenant, 'key'), role: 'viewer' } };
    case 'PATCH /api/users/:id':
      return { payload: cross ? { role: 'viewer' } : {} }; // never demote one's own actors
    default:
      return { payload: {} };
  }
}

/** Every string value of a JSON document. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(stringsOf);
}

/** Status, error code and the key layout of a response: what must not tell a foreign id from a missing one. */
function shapeOf(response: LightMyRequestResponse): string {
  const type = String(response.headers['content-type'] ?? '');
  if (!type.includes('json')) return `${response.statusCode} ${type}`;
  const body = response.json<Record<string, unknown>>();
  const layout = (v: unknown): unknown =>
    typeof v === 'object' && v !== null
      ? Array.isArray(v)
        ? v.map(layout)
        : Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [
                k,
                k === 'code' ? (v as Record<string, unknown>)[k] : layout((v as Record<string, unknown>)[k]),
              ]),
          )
      : typeof v;
  return `${response.statusCode} ${JSON.stringify(layout(body))}`;
}

async function makeTenant(ctx: TestApp, letter: string): Promise<Tenant> {
  const marker = `ISO${letter}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const name = `Tenant ${marker}`;
  const created = await ctx.createTenant(name);
  const tenant: Tenant = {
    name,
    tenantId: created.tenantId,
    marker,
    actors: [],
    pools: {
      files: [],
      rules: [],
      runs: [],
      estimates: [],
      users: [],
      keys: [],
      notifications: [],
      reports: [],
    },
    secrets: new Set([name, marker, created.tenantId, created.keyId, created.apiKey]),
  };
  for (const role of ROLES) {
    const email = `${role}.${marker}@iso.example`.toLowerCase();
    await ctx.deps.users.create(tenant.tenantId, { email, password: PASSWORD, role });
    const session = await signIn(ctx.app, email, PASSWORD);
    tenant.secrets.add(email).add(session.user.id);
    tenant.pools.users.push(session.user.id);
    tenant.actors.push({ role, headers: session.write });
    const key = await ctx.app.inject({
      method: 'POST',
      url: `/api/admin/tenants/${tenant.tenantId}/api-keys`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { name: nameOf(tenant, role), role },
    });
    assert.equal(key.statusCode, 200, key.body);
    const { apiKey, keyId } = key.json<{ apiKey: string; keyId: string }>();
    tenant.secrets.add(apiKey).add(keyId);
    tenant.actors.push({ role, headers: { authorization: `Bearer ${apiKey}` } });
  }
  return tenant;
}

test('tenant isolation holds over random operation sequences on every tenant route', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenants = [await makeTenant(ctx, 'A'), await makeTenant(ctx, 'B'), await makeTenant(ctx, 'C')];
  const operations = (await documentedOperations(ctx.app)).filter(
    // the event stream never ends; its tenant filter is tested in test/http/event-stream.test.ts
    (op) => isTenantRoute(op.route) && op.route !== '/api/events/stream',
  );
  assert.ok(operations.length >= 40, `found ${operations.length} tenant operations`);
  const owner = (tenant: Tenant) => tenant.actors[0]!;

  /** Runs one request as `tenant`, failing on any secret of another tenant in the response. */
  const send = async (tenant: Tenant, options: Request, echoed: string[]) => {
    const response = await ctx.app.inject(options);
    let text = response.rawPayload.toString('latin1');
    for (const id of echoed) text = text.split(id).join(''); // the caller's own input said back is no leak
    for (const other of tenants)
      if (other !== tenant)
        for (const secret of other.secrets)
          assert.ok(
            !text.includes(secret),
            `${options.method} ${options.url} by ${tenant.name} answered ${other.name}'s ${secret}: ${text.slice(0, 300)}`,
          );
    assert.ok(
      response.statusCode < 500,
      `${options.method} ${options.url} → ${response.statusCode} ${text.slice(0, 300)}`,
    );
    return response;
  };

  /** Learns the ids an own response reveals: created resources and listed items become the tenant's. */
  const learn = (tenant: Tenant, key: string, response: LightMyRequestResponse) => {
    if (response.statusCode >= 300 || !String(response.headers['content-type']).includes('json')) return;
    const body = response.json<Record<string, unknown>>();
    for (const value of stringsOf(body)) if (/^[0-9a-f-]{36}$/.test(value)) tenant.secrets.add(value);
    const created = CREATES[key];
    const id = created?.[1](body);
    if (created && typeof id === 'string') tenant.pools[created[0]].push(id);
    const list = LISTS[key];
    if (list && Array.isArray(body.items))
      for (const item of body.items as Array<{ id?: unknown }>)
        if (typeof item.id === 'string' && !tenant.pools[list].includes(item.id))
          tenant.pools[list].push(item.id);
  };

  // every tenant starts with files, a rule and an estimate (its owner's API key makes them)
  for (const tenant of tenants)
    for (const key of [
      'POST /api/files/upload',
      'POST /api/files/upload',
      'POST /api/automation-rules',
      'POST /api/cost-estimates',
      'POST /api/api-keys',
    ]) {
      const [method, route] = key.split(' ') as [Operation['method'], string];
      const body = bodyOf(key, tenant, tenant.pools.files[0] ?? randomUUID(), false);
      const response = await send(
        tenant,
        {
          method,
          url: route,
          ...body,
          headers: { ...owner(tenant).headers, ...body.headers },
        },
        [],
      );
      assert.ok(
        response.statusCode < 300 || key === 'POST /api/cost-estimates',
        `${key}: ${response.statusCode} ${response.body}`,
      );
      learn(tenant, key, response);
    }

  let performed = 0;
  let crossed = 0;
  /** One drawn operation: own (ids of the actor's tenant) or cross (another tenant's ids vs. missing ones). */
  const perform = async (draw: {
    op: Operation;
    actor: number;
    tenant: number;
    other: number;
    pick: number;
    cross: boolean;
  }) => {
    const tenant = tenants[draw.tenant % tenants.length]!;
    const actor = tenant.actors[draw.actor % tenant.actors.length]!;
    const others = tenants.filter((x) => x !== tenant);
    const target = draw.cross ? others[draw.other % others.length]! : tenant;
    const key = `${draw.op.method} ${draw.op.route}`;
    const idFrom = (owner: Tenant | undefined) => (param: string) => {
      const pool = poolOf(draw.op.route, param);
      if (pool === 'index') return '0';
      // own API keys are credentials: an own key is only ever deleted if it is a spare one
      const ids = owner?.pools[pool].filter(
        (id) =>
          !(
            pool === 'keys' &&
            owner === tenant &&
            draw.op.method === 'DELETE' &&
            id !== owner.pools.keys.at(-1)
          ),
      );
      return ids && ids.length > 0 ? ids[draw.pick % ids.length]! : randomUUID();
    };
    const request = (owner: Tenant | undefined): { options: Request; ids: string[] } => {
      const ids: string[] = [];
      const pick = idFrom(owner);
      const url = fillRoute(draw.op.route, (param) => {
        const id = pick(param);
        ids.push(id);
        return id;
      });
      const file = owner?.pools.files[draw.pick % Math.max(owner.pools.files.length, 1)] ?? randomUUID();
      ids.push(file);
      const body =
        draw.op.method === 'GET' || draw.op.method === 'DELETE' ? {} : bodyOf(key, tenant, file, draw.cross);
      return {
        options: { method: draw.op.method, url, ...body, headers: { ...actor.headers, ...body.headers } },
        ids,
      };
    };
    performed++;
    if (!draw.cross) {
      const own = request(tenant);
      learn(tenant, key, await send(tenant, own.options, own.ids));
      return;
    }
    const takesIds =
      draw.op.pathParams.some((p) => p !== 'index') ||
      key in
        {
          'POST /api/cost-estimates': 1,
          'POST /api/batch/process-files': 1,
          'POST /api/events/file-uploaded': 1,
          'POST /api/cost-estimates/search-similar': 1,
        };
    const foreign = request(target);
    const foreignResponse = await send(tenant, foreign.options, foreign.ids);
    if (!takesIds) return;
    crossed++;
    const missing = request(undefined);
    const missingResponse = await send(tenant, missing.options, missing.ids);
    assert.equal(
      shapeOf(foreignResponse),
      shapeOf(missingResponse),
      `${key} by a ${actor.role} of ${tenant.name} on ${target.name}'s ${foreign.options.url}: a foreign id answers unlike a missing one`,
    );
  };

  const draw = fc.record({
    op: fc.constantFrom(...operations),
    actor: fc.nat(),
    tenant: fc.nat(),
    other: fc.nat(),
    pick: fc.nat(),
    cross: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(draw, { minLength: SEQUENCE, maxLength: SEQUENCE }), async (sequence) => {
      for (const step of sequence) await perform(step);
    }),
    // the app's state carries over from run to run, so a failure is replayed from its seed, not shrunk
    { numRuns: Math.ceil(OPERATIONS / SEQUENCE), seed: SEED, endOnFailure: true },
  );
  assert.ok(performed >= OPERATIONS, `${performed} operations`);
  assert.ok(crossed >= OPERATIONS / 5, `${crossed} cross-tenant accesses compared with missing ids`);
  const routesHit = new Set(operations.map((op) => op.route)).size;
  t.diagnostic(
    `${performed} operations (${crossed} cross-tenant) over ${operations.length} operations on ${routesHit} routes`,
  );
});
