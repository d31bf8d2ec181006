import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { L1MemoryStore } from './l1-memory-store.ts';

const limits = { maxBytes: 300, maxEntryBytes: 150, maxEntries: 10, maxTtlMs: 60_000 };

void it('evicts the least recently used entries to stay within its byte budget', () => {
  const store = new L1MemoryStore(limits);
  store.set('a', 'A', 100);
  store.set('b', 'B', 100);
  store.set('c', 'C', 100);
  assert.equal(store.get('a'), 'A'); // a is now the most recent
  store.set('d', 'D', 100);
  assert.equal(store.get('b'), undefined);
  assert.deepEqual(
    ['a', 'c', 'd'].map((k) => store.get(k)),
    ['A', 'C', 'D'],
  );
  assert.equal(store.bytes, 300);
});

void it('refuses entries over maxEntryBytes and caps every TTL at maxTtlMs', async () => {
  const store = new L1MemoryStore({ ...limits, maxTtlMs: 30 });
  assert.equal(store.set('big', 'x', 151), false);
  assert.equal(store.get('big'), undefined);
  store.set('k', 'v', 10, 86_400_000);
  assert.ok((store.remainingTtl('k') ?? 0) <= 30);
  await sleep(40);
  assert.equal(store.get('k'), undefined);
  assert.equal(store.bytes, 0);
});

void it('clears by prefix or entirely', () => {
  const store = new L1MemoryStore(limits);
  store.set('p:1', 1, 10);
  store.set('q:1', 2, 10);
  store.clear('p:');
  assert.equal(store.get('p:1'), undefined);
  assert.equal(store.get('q:1'), 2);
  store.clear();
  assert.equal(store.size, 0);
});
