import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { registerErrorHandling } from '../../src/http/errors.plugin.ts';
import { isClientRoute, webAppPlugin } from '../../src/http/web-app.plugin.ts';

/** A Fastify app serving a small build in a temporary folder, beside one API route. */
async function appWithBuild(t: { after(fn: () => unknown): void }, built = true) {
  const dist = mkdtempSync(join(tmpdir(), 'cai-web-dist-'));
  t.after(() => rmSync(dist, { recursive: true, force: true }));
  if (built) {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>shell</title>');
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log(1)');
  }
  const app = Fastify();
  registerErrorHandling(app);
  app.get('/api/files', { config: { access: 'tenant' } }, async () => ({ items: [] }));
  await app.register(webAppPlugin, { distDir: dist });
  t.after(() => app.close());
  return app;
}

test('the shell is served with no-cache for / and every client route, hashed assets as immutable', async (t) => {
  const app = await appWithBuild(t);
  for (const url of ['/', '/drawings', '/drawings/01a2-b3c4', '/estimates?file=x', '/team/']) {
    const response = await app.inject({ url });
    assert.equal(response.statusCode, 200, url);
    assert.equal(response.headers['cache-control'], 'no-cache', url);
    assert.match(String(response.headers['content-type']), /^text\/html/, url);
    assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(response.body, '<!doctype html><title>shell</title>');
  }
  const asset = await app.inject({ url: '/assets/index-Ab12Cd34.js' });
  assert.equal(asset.statusCode, 200);
  assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(asset.body, 'console.log(1)');
});

test('unknown API routes, missing assets and disguised targets keep the JSON 404', async (t) => {
  const app = await appWithBuild(t);
  for (const url of [
    '/api/nope',
    '/api/files/',
    '/API/FILES',
    '//api/files',
    '/%61pi/nope',
    '/assets/missing.js',
    '/drawings/a.b',
    '/docs-missing/x;y',
  ]) {
    const response = await app.inject({ url });
    assert.equal(response.statusCode, 404, url);
    assert.equal(response.json<{ code: string }>().code, 'ROUTE_NOT_FOUND', url);
  }
  assert.equal((await app.inject({ url: '/api/files' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: '/drawings' })).statusCode, 404);
});

test('without a build the pages answer 503 saying how to build, and the API still works', async (t) => {
  const app = await appWithBuild(t, false);
  const response = await app.inject({ url: '/drawings' });
  assert.equal(response.statusCode, 503);
  assert.match(response.json<{ message: string }>().message, /npm run build:web/);
  assert.equal((await app.inject({ url: '/api/files' })).statusCode, 200);
});

test('client routes are lowercase paths outside the API', () => {
  assert.ok(isClientRoute('/'));
  assert.ok(isClientRoute('/drawings/01a23339-c409-7a91-9aee-1544974a5fe0?x=1'));
  for (const url of ['/api', '/api/x', '/Drawings', '/drawings//x', '/a/./b', '/a%2fb', '/health', '/a.js'])
    assert.ok(!isClientRoute(url), url);
});
