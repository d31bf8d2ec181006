import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { OperatorCredentials, registerAuth } from '../../src/http/auth.plugin.ts';
import { FailedAuthLimiter } from '../../src/http/failed-auth.limiter.ts';
import { TokenBucketLimiter } from '../../src/rate-limit/index.ts';
import { TenantService } from '../../src/tenants/index.ts';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.ts';
import { registeredRoutes } from '../support/routes.ts';

type Access = 'public' | 'tenant' | 'operator' | 'monitoring';

/** Sends one request exactly as written (no client normalises the target) and returns the status code. */
function rawRequest(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const body = method === 'POST' || method === 'PUT' ? '{}' : '';
  const head = [
    `${method} ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ...(body ? ['Content-Type: application/json'] : []),
    `Content-Length: ${body.length}`,
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      if (status) resolve(Number(status));
      else reject(new Error(`no status line for ${method} ${target}: ${JSON.stringify(received)}`));
    });
    socket.write(`${head}\r\n\r\n${body}`, 'latin1'); // `Connection: close`: the server ends it
  });
}

/** Who each route is meant for, from its path (the app's own declarations are what is tested). */
function intendedAccess(path: string): Access {
  if (path.startsWith('/api/admin/')) return 'operator';
  if (path === '/metrics') return 'monitoring';
  if (path.startsWith('/api/material-') || path.startsWith('/api/auth/') || !path.startsWith('/api/'))
    return 'public';
  return 'tenant';
}

const encodeChar = (c: string, upper: boolean) => {
  const hex = c.charCodeAt(0).toString(16);
  return `%${upper ? hex.toUpperCase() : hex}`;
};

/** The forms a path is written in to slip past a check made on the URL text. */
function disguises(path: string, port: number): string[] {
  const segments = path.split('/').slice(1);
  const out = new Set<string>([path, `${path}?x=1`]);
  segments.forEach((segment, i) => {
    const letter = segment.search(/[a-z]/i);
    if (letter < 0) return;
    const withSegment = (replacement: string) =>
      `/${segments.map((s, j) => (j === i ? replacement : s)).join('/')}`;
    const encoded = (upper: boolean) =>
      segment.slice(0, letter) + encodeChar(segment[letter]!, upper) + segment.slice(letter + 1);
    out.add(withSegment(encoded(false)));
    out.add(withSegment(encoded(true)));
    out.add(withSegment(segment.replace(/[a-z]/gi, (c) => encodeChar(c, false))));
    out.add(withSegment(encoded(false).replace('%', '%25'))); // double-encoded
    out.add(withSegment(segment.toUpperCase()));
    out.add(withSegment(`${segment};x=1`));
    if (i > 0) {
      const before = `/${segments.slice(0, i).join('/')}`;
      const rest = segments.slice(i).join('/');
      out.add(`${before}//${rest}`);
      out.add(`${before}/./${rest}`);
      out.add(`${before}/x/../${rest}`);
      out.add(`${before}/%2e/${rest}`);
      out.add(`${before}/x/%2e%2e/${rest}`);
      out.add(`${before}%2F${rest}`);
      out.add(`${before}%2f${rest}`);
    }
  });
  out.add(`/${path}`);
  out.add(`${path}/`);
  out.add(`${path};x=1`);
  out.add(`${path}%00`);
  out.add(`${path}\0`);
  out.add(`${path}%23`);
  out.add(`http://x${path}`);
  out.add(`http://127.0.0.1:${port}${path}`);
  out.add(`http://x/${path.slice(1).replace(/[a-z]/, (c) => encodeChar(c, false))}`);
  return [...out];
}

test('authorization follows the matched route, whatever form the request target takes', async (t) => {
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    REDIS_URL: 'redis://127.0.0.1:6379',
    AUTH_FAILURE_BURST: '1000000', // this test fails authentication thousands of times from one address
  });
  t.after(() => ctx.close());
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (ctx.app.server.address() as AddressInfo).port;
  const tenant = await ctx.createTenant('Victim');
  const fileId = await ctx.upload(tenant.headers, 'a.dxf', '0\nSECTION\n2\nENTITIES\n0\nENDSEC\n0\nEOF\n');
  const credentials = {
    none: {},
    wrongToken: { authorization: 'Bearer wrong-token-0123456789abcdef' },
    wrongKey: { authorization: 'Bearer cai_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    tenantKey: tenant.headers,
  };
  const routes = registeredRoutes(ctx.app.printRoutes({ commonPrefix: false }));
  assert.ok(routes.length > 40, `found ${routes.length} routes`);

  await t.test('the harness reaches the routes: decoded forms do match them', async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    assert.equal(await rawRequest(port, 'GET', '/api/admin/tenants', admin), 200);
    assert.equal(await rawRequest(port, 'GET', '/%61pi/admin/tenants', admin), 200);
    assert.equal(await rawRequest(port, 'GET', 'http://x/api/%61dmin/tenants', admin), 200);
    assert.equal(await rawRequest(port, 'GET', '/%61pi/files', tenant.headers), 200);
  });

  await t.test('without the right credential no disguise reaches an operator or tenant route', async () => {
    // warm the hot-read path on URLs the attacker will reuse
    for (const target of ['/api/files', '/%61pi/files', `/api/files/${fileId}`])
      for (let i = 0; i < 3; i++) assert.equal(await rawRequest(port, 'GET', target, tenant.headers), 200);
    const failures: string[] = [];
    let sent = 0;
    for (const { method, path } of routes) {
      const access = intendedAccess(path);
      if (access === 'public') continue;
      const concrete = path.replace(/:[a-zA-Z]+/g, (param) => (param === ':index' ? '0' : fileId));
      const refused = Object.entries(credentials).filter(
        ([name]) => access !== 'tenant' || name !== 'tenantKey',
      );
      for (const target of disguises(concrete, port)) {
        for (const [name, headers] of refused) {
          const status = await rawRequest(port, method, target, headers);
          sent++;
          if (![400, 401, 403, 404].includes(status))
            failures.push(`${status} ${method} ${target} (${name}, ${access} route)`);
        }
      }
    }
    assert.ok(sent > 2000, `sent ${sent}`);
    assert.deepEqual(failures, []);
  });

  await t.test('the server still serves after the attack', async () => {
    assert.equal(await rawRequest(port, 'GET', '/api/files', tenant.headers), 200);
  });
});

test('an app with a route that declares no access does not start, and the route is refused', async () => {
  const app = Fastify();
  const tenants = new TenantService({} as never);
  registerAuth(
    app,
    { tenants, sessions: {} as never },
    {
      operators: new OperatorCredentials({ adminToken: undefined, metricsToken: undefined }),
      limiter: new TokenBucketLimiter(10, 10),
      failedAuth: new FailedAuthLimiter(new TokenBucketLimiter(10, 10)),
    },
  );
  app.get('/declared', { config: { access: 'public' } }, async () => 'ok');
  app.get('/forgotten', async () => 'served');
  await assert.rejects(async () => {
    await app.ready();
  }, /routes without config\.access \(refused\): GET \/forgotten/);
});

test('an app with a tenant route that declares no role does not start', async () => {
  const app = Fastify();
  const tenants = new TenantService({} as never);
  registerAuth(
    app,
    { tenants, sessions: {} as never },
    {
      operators: new OperatorCredentials({ adminToken: undefined, metricsToken: undefined }),
      limiter: new TokenBucketLimiter(10, 10),
      failedAuth: new FailedAuthLimiter(new TokenBucketLimiter(10, 10)),
    },
  );
  app.get('/declared', { config: { access: 'tenant', role: 'viewer' } }, async () => 'ok');
  app.post('/roleless', { config: { access: 'tenant' } }, async () => 'served');
  await assert.rejects(async () => {
    await app.ready();
  }, /tenant routes without config\.role \(refused\): POST \/roleless/);
});
