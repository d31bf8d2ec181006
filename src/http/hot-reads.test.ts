import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { tenantKey, type AppCache } from '../cache/index.ts';
import { HotReads, hotReadsFirst } from './hot-reads.ts';
import { TokenBucketLimiter } from '../rate-limit/index.ts';

const TENANT = 'tenant-1';

function requestFor(url: string): FastifyRequest {
  return {
    method: 'GET',
    url,
    auth: { tenantId: TENANT, tenantName: 'T', keyId: 'k' },
    routeOptions: { url: '/api/files', config: { access: 'tenant', role: 'viewer' } },
  } as unknown as FastifyRequest;
}

function hotReads(
  limits: { maxEntries: number; maxBytes: number },
  authenticate: () => undefined = () => undefined,
): HotReads {
  const ports = {
    cache: {} as AppCache, // never read: these tests never get past authentication
    authenticate,
    limiter: new TokenBucketLimiter(1, 1),
    answered: () => undefined,
  };
  return new HotReads(ports, limits);
}

const key = tenantKey(TENANT, 'file_list', 'x');
const headers = { 'cache-control': 'private, no-cache' };

test('the memo is bounded by entries and by body bytes, oldest URLs out first', () => {
  const byCount = hotReads({ maxEntries: 2, maxBytes: 1_000_000 });
  for (const url of ['/a', '/b', '/c'])
    byCount.remember(requestFor(url), key, '"e"', Buffer.alloc(10), headers);
  assert.equal(byCount.size, 2);

  const byBytes = hotReads({ maxEntries: 100, maxBytes: 25 });
  for (const url of ['/a', '/b', '/c'])
    byBytes.remember(requestFor(url), key, '"e"', Buffer.alloc(10), headers);
  assert.equal(byBytes.size, 2);
});

test('a new value of a remembered read replaces it instead of adding one', () => {
  const reads = hotReads({ maxEntries: 100, maxBytes: 1_000_000 });
  reads.remember(requestFor('/a'), key, '"1"', Buffer.alloc(10), headers);
  reads.remember(requestFor('/a'), key, '"1"', Buffer.alloc(10), headers);
  reads.remember(requestFor('/a'), key, '"2"', Buffer.alloc(12), headers);
  assert.equal(reads.size, 1);
});

test('only authenticated GETs of tenant routes are remembered', () => {
  const reads = hotReads({ maxEntries: 100, maxBytes: 1_000_000 });
  reads.remember({ ...requestFor('/a'), method: 'POST' }, key, '"1"', Buffer.alloc(1), headers);
  reads.remember(
    { ...requestFor('/a'), auth: null } as unknown as FastifyRequest,
    key,
    '"1"',
    Buffer.alloc(1),
    headers,
  );
  const publicRoute = { ...requestFor('/a').routeOptions, config: { access: 'public' } };
  reads.remember(
    { ...requestFor('/a'), routeOptions: publicRoute } as unknown as FastifyRequest,
    key,
    '"1"',
    Buffer.alloc(1),
    headers,
  );
  assert.equal(reads.size, 0);
});

test('a fault in the hot path is reported and the request is answered by the normal handler', async (t) => {
  const reads = hotReads({ maxEntries: 100, maxBytes: 1_000_000 }, () => {
    throw new Error('lookup failed');
  });
  reads.remember(requestFor('/a'), key, '"1"', Buffer.alloc(1), headers);
  const reported: unknown[] = [];
  const server = hotReadsFirst(reads, (error) => reported.push(error))(
    (_req, res) => res.writeHead(200).end('from the handler'),
    {},
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/a`);
  assert.equal(await response.text(), 'from the handler');
  assert.equal((reported[0] as Error).message, 'lookup failed');
});
