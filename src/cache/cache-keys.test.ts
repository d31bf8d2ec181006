import assert from 'node:assert/strict';
import { it } from 'node:test';
import { apiKeyCacheKey, kindOfStoredKey, sharedKey, tenantDataKey, tenantKey } from './cache-keys.ts';
import { CacheKeyError } from './cache.errors.ts';
import { ifNoneMatchHits } from './etag.ts';

void it('builds tenant keys only with a valid tenant id', () => {
  assert.equal(tenantKey('t1', 'file_metadata', 'f1').group, 't:{t1}:file_metadata');
  for (const bad of ['', 'a:b', 'x'.repeat(65), 'a b']) {
    assert.throws(() => tenantKey(bad, 'file_list'), CacheKeyError);
    assert.throws(() => tenantDataKey(bad, 'usage'), CacheKeyError);
  }
  // kinds are checked at run time too, for callers outside the type system
  assert.throws(() => tenantKey('t1', 'material_catalog' as 'file_list'), CacheKeyError);
  assert.throws(() => sharedKey('file_list' as 'material_catalog'), CacheKeyError);
});

void it('escapes parts so no input can forge another key', () => {
  const forged = tenantKey('t1', 'file_metadata', 'a:b');
  const honest = tenantKey('t1', 'file_metadata', 'a', 'b');
  assert.notEqual(forged.id, honest.id);
  assert.notEqual(tenantKey('t1', 'file_list', null).id, tenantKey('t1', 'file_list', 'null').id);
});

void it('keys API-key lookups by digest, never by a short raw secret', () => {
  assert.equal(apiKeyCacheKey('ab'.repeat(32)).group, 'k:api_key');
  assert.throws(() => apiKeyCacheKey('sk_live_123'), CacheKeyError);
});

void it('recovers the kind of a stored key for metrics and ignores internal keys', () => {
  assert.equal(kindOfStoredKey('t:{t1}:file_list:g1:_'), 'file_list');
  assert.equal(kindOfStoredKey('s:material_catalog:g1:all'), 'material_catalog');
  assert.equal(kindOfStoredKey('k:api_key:g1:abc'), 'api_key');
  assert.equal(kindOfStoredKey('g:t:t1:file_list'), undefined);
});

void it('answers If-None-Match with weak comparison, lists and *', () => {
  const etag = '"abc"';
  assert.equal(ifNoneMatchHits(undefined, etag), false);
  assert.equal(ifNoneMatchHits('"abc"', etag), true);
  assert.equal(ifNoneMatchHits('W/"abc"', etag), true);
  assert.equal(ifNoneMatchHits('"x", "abc"', etag), true);
  assert.equal(ifNoneMatchHits('"abcd"', etag), false);
  assert.equal(ifNoneMatchHits('*', etag), true);
});
