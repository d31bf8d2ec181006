import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { tenantKey, type AppCache } from '../cache/index.ts';
import { HotReads } from './hot-reads.ts';
import { TokenBucketLimiter } from './rate-limit.ts';

const TENANT = 'tenant-1';

function requestFor(url: string): FastifyRequest {
  return {
    method: 'GET',
    url,
    auth: { tenantId: TENANT, tenantName: 'T', keyId: 'k' },
    routeOptions: { url: '/api/files' },
  } as unknown as FastifyRequest;
}

function hotReads(limits: { maxEntries: number; maxBytes: number }): HotReads {
  const ports = {
    cache: {} as AppCache, // never read: these tests only remember
    authenticate: () => undefined,
    limiter: new TokenBucketLimiter(1, 1),
    observe: () => undefined,
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

test('only authenticated GETs are remembered', () => {
  const reads = hotReads({ maxEntries: 100, maxBytes: 1_000_000 });
  reads.remember({ ...requestFor('/a'), method: 'POST' }, key, '"1"', Buffer.alloc(1), headers);
  reads.remember(
    { ...requestFor('/a'), auth: null } as unknown as FastifyRequest,
    key,
    '"1"',
    Buffer.alloc(1),
    headers,
  );
  assert.equal(reads.size, 0);
});
