import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { startTestApp } from '../support/test-app.ts';
import { registeredRoutes } from '../support/routes.ts';
import { signIn } from '../support/sessions.ts';

const PASSWORD = 'correct horse battery';

/**
 * The least role meant for each tenant route, written here rather than read from the app: the app's own
 * declarations are what is tested. A tenant route missing from this table fails the test.
 */
const INTENDED: Record<string, 'viewer' | 'estimator' | 'owner'> = {
  'GET /api/me': 'viewer',
  'GET /api/usage': 'viewer',
  'GET /api/files': 'viewer',
  'GET /api/files/:id': 'viewer',
  'GET /api/files/:id/content': 'viewer',
  'GET /api/files/:id/analysis': 'viewer',
  'GET /api/files/:id/preview.svg': 'viewer',
  'GET /api/files/:id/geometry': 'viewer',
  'POST /api/files/upload': 'estimator',
  'DELETE /api/files/:id': 'estimator',
  'POST /api/files/:id/analysis/refresh': 'estimator',
  'GET /api/layer-mappings': 'viewer',
  'PUT /api/layer-mappings': 'estimator',
  'GET /api/files/:id/takeoff-adjustments': 'viewer',
  'POST /api/files/:id/takeoff-adjustments': 'estimator',
  'DELETE /api/files/:id/takeoff-adjustments/:adjustmentId': 'estimator',
  'GET /api/cost-settings': 'viewer',
  'PUT /api/cost-settings': 'owner',
  'POST /api/cost-estimates': 'estimator',
  'GET /api/cost-estimates': 'viewer',
  'GET /api/cost-estimates/:id': 'viewer',
  'GET /api/cost-estimates/:id/export': 'viewer',
  'POST /api/cost-estimates/search-similar': 'viewer', // a search, sent as POST for its body
  'POST /api/batch/process-files': 'estimator',
  'GET /api/automation-triggers': 'viewer',
  'GET /api/automation-rules': 'viewer',
  'POST /api/automation-rules': 'owner',
  'GET /api/automation-rules/:id': 'viewer',
  'PUT /api/automation-rules/:id': 'owner',
  'DELETE /api/automation-rules/:id': 'owner',
  'POST /api/automation-rules/:id/enable': 'owner',
  'POST /api/automation-rules/:id/disable': 'owner',
  'POST /api/automation-rules/:id/webhook-secret/rotate': 'owner',
  'GET /api/automation-rules/:id/runs': 'viewer',
  'POST /api/automation-rules/:id/test': 'estimator',
  'POST /api/automation-rules/:id/runs/:runId/actions/:index/replay': 'owner',
  'POST /api/events': 'estimator',
  'POST /api/events/file-uploaded': 'estimator',
  'GET /api/events/stream': 'viewer',
  'GET /api/notifications': 'viewer',
  'POST /api/notifications/:id/read': 'estimator',
  'GET /api/reports/:id': 'viewer',
  'GET /api/users': 'owner',
  'POST /api/users': 'owner',
  'PATCH /api/users/:id': 'owner',
  'GET /api/api-keys': 'owner',
  'POST /api/api-keys': 'owner',
  'DELETE /api/api-keys/:id': 'owner',
};
const RANK = { viewer: 0, estimator: 1, owner: 2 };

/** Tenant routes are those under /api/ that are neither the operator's, sign-in, nor the shared catalog. */
function isTenantRoute(path: string): boolean {
  return (
    path.startsWith('/api/') &&
    !['/api/admin/', '/api/auth/', '/api/material-'].some((prefix) => path.startsWith(prefix))
  );
}

test('every tenant route applies its role, to sessions and API keys alike', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Roles');
  for (const role of ['owner', 'estimator', 'viewer'] as const)
    await ctx.deps.users.create(tenant.tenantId, {
      email: `${role}@roles.example`,
      password: PASSWORD,
      role,
    });
  const sessions = {
    owner: await signIn(ctx.app, 'owner@roles.example', PASSWORD),
    estimator: await signIn(ctx.app, 'estimator@roles.example', PASSWORD),
    viewer: await signIn(ctx.app, 'viewer@roles.example', PASSWORD),
  };
  const keys = {
    owner: tenant.headers,
    estimator: await apiKeyHeaders(ctx.app, tenant.tenantId, 'estimator'),
    viewer: await apiKeyHeaders(ctx.app, tenant.tenantId, 'viewer'),
  };
  const routes = registeredRoutes(ctx.app.printRoutes({ commonPrefix: false })).filter(
    ({ method, path }) => method !== 'HEAD' && isTenantRoute(path),
  );

  await t.test('the table names every tenant route, and every one of its routes exists', () => {
    const registered = routes.map(({ method, path }) => `${method} ${path}`).sort();
    assert.deepEqual(registered, Object.keys(INTENDED).sort());
  });

  await t.test('a viewer gets 403 on each write, an estimator on each owner route; no more', async () => {
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      if (path === '/api/events/stream') continue; // a stream never ends: its role is checked below
      const needs = INTENDED[`${method} ${path}`]!;
      for (const role of ['viewer', 'estimator', 'owner'] as const) {
        const expectRefused = RANK[role] < RANK[needs];
        for (const [how, headers] of [
          ['session', sessions[role].write],
          ['API key', keys[role]],
        ] as const) {
          const response = await ctx.app.inject(request(method, path, headers));
          const refused =
            response.statusCode === 403 && response.json<{ code: string }>().code === 'ROLE_FORBIDDEN';
          if (refused !== expectRefused || [401, 500].includes(response.statusCode))
            wrong.push(
              `${role} ${how}: ${method} ${path} → ${response.statusCode} ${response.body.slice(0, 120)}`,
            );
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  await t.test('the event stream opens for a viewer (its role is the least)', async () => {
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const address = ctx.app.server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/api/events/stream`, {
      headers: sessions.viewer.read,
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    controller.abort();
  });

  await t.test(
    'a cookie-authenticated write without the CSRF token is refused on every write route',
    async () => {
      const wrong: string[] = [];
      for (const { method, path } of routes) {
        if (method === 'GET') continue;
        for (const headers of [sessions.owner.read, { ...sessions.owner.read, 'x-csrf-token': 'forged' }]) {
          const response = await ctx.app.inject(request(method, path, headers));
          if (response.statusCode !== 403 || response.json<{ code: string }>().code !== 'CSRF_TOKEN_INVALID')
            wrong.push(`${method} ${path} → ${response.statusCode}`);
        }
        // another session's token is no better
        const crossed = { ...sessions.owner.read, 'x-csrf-token': sessions.viewer.csrfToken };
        if ((await ctx.app.inject(request(method, path, crossed))).statusCode !== 403)
          wrong.push(`${method} ${path} with another session's token`);
      }
      assert.deepEqual(wrong, []);
      const reads = await ctx.app.inject({ url: '/api/files', headers: sessions.viewer.read });
      assert.equal(reads.statusCode, 200, 'reads need no CSRF token');
    },
  );
});

/** A request of `method` to `path` with made-up ids and an empty JSON body on writes. */
function request(method: string, path: string, headers: Record<string, string>): InjectOptions {
  const url = path.replace(/:[a-zA-Z]+/g, (param) => (param === ':index' ? '0' : randomUUID()));
  const write = !['GET', 'HEAD', 'DELETE'].includes(method);
  return { method: method as 'GET', url, headers, ...(write ? { payload: {} } : {}) };
}

async function apiKeyHeaders(app: FastifyInstance, tenantId: string, role: string) {
  const response = await app.inject({
    method: 'POST',
    url: `/api/admin/tenants/${tenantId}/api-keys`,
    headers: { authorization: 'Bearer test-admin-token-0123456789' },
    payload: { name: role, role },
  });
  assert.equal(response.statusCode, 200, response.body);
  return { authorization: `Bearer ${response.json<{ apiKey: string }>().apiKey}` };
}
