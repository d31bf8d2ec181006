import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionCache } from './session-cache.ts';
import type { SessionRow } from './user.repository.ts';

const session = (id: string, userId: string): SessionRow => ({
  id,
  userId,
  tenantId: 't',
  tenantName: 'T',
  email: `${userId}@x.example`,
  role: 'viewer',
  csrfToken: 'c',
  createdAt: new Date(),
  lastSeenAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
});

describe('SessionCache', () => {
  it('does not store a load that began before a session was dropped (a logout racing a lookup)', () => {
    const cache = new SessionCache();
    const before = cache.generation;
    cache.delete('d1'); // the logout is heard while the lookup is in flight
    cache.set('d1', session('s1', 'u1'), before);
    assert.equal(cache.get('d1'), undefined);
    cache.set('d1', session('s1', 'u1'), cache.generation);
    assert.equal(cache.get('d1')?.id, 's1');
  });

  it("drops every session of a user, and only that user's", () => {
    const cache = new SessionCache();
    for (const [digest, id, user] of [
      ['d1', 's1', 'u1'],
      ['d2', 's2', 'u1'],
      ['d3', 's3', 'u2'],
    ] as const)
      cache.set(digest, session(id, user), cache.generation);
    cache.deleteUser('u1');
    assert.deepEqual(
      ['d1', 'd2', 'd3'].map((digest) => cache.get(digest)?.id),
      [undefined, undefined, 's3'],
    );
  });

  it('forgets copies past their time and the oldest past the bound', async () => {
    const short = new SessionCache(20);
    short.set('d1', session('s1', 'u1'), short.generation);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(short.get('d1'), undefined);
    const small = new SessionCache(60_000, 2);
    for (const digest of ['d1', 'd2', 'd3']) small.set(digest, session(digest, 'u'), small.generation);
    assert.deepEqual(
      ['d1', 'd2', 'd3'].map((digest) => small.get(digest)?.id),
      [undefined, 'd2', 'd3'],
    );
  });
});
