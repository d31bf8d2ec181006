import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig, loadMcpConfig } from '../src/config.ts';

test('config: defaults without any variable (embedded database, no Redis)', () => {
  const config = loadConfig({});
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.redisUrl, undefined);
  assert.equal(config.port, 3000);
  assert.equal(config.eventMaxBytes, 16 * 1024);
  assert.equal(config.eventCustomTypesMax, 50);
  assert.ok(Object.isFrozen(config));
});

test('config: fails fast naming every bad variable at once', () => {
  try {
    loadConfig({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      REDIS_URL: '::',
      UPLOAD_MAX_BYTES: '-1',
      WORKER_ENABLED: 'maybe',
      ADMIN_TOKEN: 'short',
      EVENT_MAX_BYTES: '2000000',
      EVENT_CUSTOM_TYPES_MAX: '0',
    });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'REDIS_URL',
      'UPLOAD_MAX_BYTES',
      'WORKER_ENABLED',
      'ADMIN_TOKEN',
      'EVENT_MAX_BYTES',
      'EVENT_CUSTOM_TYPES_MAX',
    ]) {
      assert.ok(
        error.problems.some((p) => p.startsWith(`${name}:`)),
        `${name} named in ${error.message}`,
      );
    }
  }
});

test('config: shard URLs need a control DATABASE_URL', () => {
  assert.throws(() => loadConfig({ SHARD_DATABASE_URLS: 'postgres://a/b' }), /SHARD_DATABASE_URLS/);
});

test('config: tenant quotas have SaaS defaults, take QUOTA_* overrides and refuse bad values', () => {
  const defaults = loadConfig({}).quotas;
  assert.equal(defaults.automation_rules, 1000);
  assert.equal(defaults.stored_bytes, 100 * 1024 ** 3);
  assert.equal(loadConfig({ QUOTA_FILES: '7' }).quotas.files, 7);
  assert.throws(
    () => loadConfig({ QUOTA_EVENT_STREAMS: '0', QUOTA_UPLOADS_PER_DAY: 'lots' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.some((p) => p.startsWith('QUOTA_EVENT_STREAMS:')) &&
      error.problems.some((p) => p.startsWith('QUOTA_UPLOADS_PER_DAY:')),
  );
});

test('config: session lifetimes and TRUST_PROXY', () => {
  const defaults = loadConfig({});
  assert.deepEqual([defaults.sessionIdleSeconds, defaults.sessionAbsoluteSeconds], [7200, 43200]);
  assert.equal(defaults.trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy, [
    '127.0.0.1',
    '10.0.0.0/8',
  ]);
  assert.throws(
    () => loadConfig({ TRUST_PROXY: 'everyone', SESSION_IDLE_SECONDS: '0' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      ['TRUST_PROXY', 'SESSION_IDLE_SECONDS'].every((name) =>
        error.problems.some((p) => p.startsWith(`${name}:`)),
      ),
  );
});

test('config of the MCP server: the local API by default, a key required, bad values named', () => {
  const config = loadMcpConfig({ CONSTRUCTION_AI_API_KEY: 'cai_0123456789' });
  assert.equal(config.apiUrl, 'http://127.0.0.1:3000');
  assert.equal(config.apiKey, 'cai_0123456789');
  assert.equal(config.requestTimeoutMs, 120_000);
  assert.throws(
    () => loadMcpConfig({ CONSTRUCTION_AI_URL: 'ftp://x', CONSTRUCTION_AI_TIMEOUT_MS: 'soon' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      ['CONSTRUCTION_AI_API_KEY:', 'CONSTRUCTION_AI_URL:', 'CONSTRUCTION_AI_TIMEOUT_MS:'].every((name) =>
        error.problems.some((p) => p.startsWith(name)),
      ),
  );
});

test('config: shard replicas by shard id, and the replica bounds checked', () => {
  const config = loadConfig({
    DATABASE_URL: 'postgres://c/db',
    SHARD_DATABASE_URLS: 'postgres://p0/db,postgres://p1/db',
    SHARD_REPLICA_URLS: '0=postgres://r0a/db, 1=postgres://r1/db,0=postgres://r0b/db',
  });
  assert.deepEqual(config.shardReplicaUrls.get(0), ['postgres://r0a/db', 'postgres://r0b/db']);
  assert.deepEqual(config.shardReplicaUrls.get(1), ['postgres://r1/db']);
  assert.throws(
    () =>
      loadConfig({
        DATABASE_URL: 'postgres://c/db',
        SHARD_REPLICA_URLS: 'postgres://r0/db,3=postgres://r3/db',
        REPLICA_MAX_LAG_MS: '5000',
        REPLICA_PIN_MS: '1000',
      }),
    (error: unknown) =>
      error instanceof ConfigError &&
      ['expected SHARD_ID=URL', 'no shard 3', 'REPLICA_PIN_MS'].every((part) => error.message.includes(part)),
  );
});

test('config: one Redis topology at most; sentinels and cluster nodes as host:port', () => {
  const sentinel = loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26380', REDIS_SENTINEL_NAME: 'cai' });
  assert.deepEqual(sentinel.redisSentinels, [
    { host: 's1', port: 26379 },
    { host: 's2', port: 26380 },
  ]);
  assert.equal(sentinel.redisSentinelName, 'cai');
  assert.deepEqual(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000' }).redisClusterNodes, [
    { host: '10.0.0.1', port: 7000 },
  ]);
  assert.throws(
    () => loadConfig({ REDIS_URL: 'redis://x', REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'nope' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message.includes('REDIS_SENTINELS: expected host:port') &&
      error.message.includes('REDIS_URL, REDIS_CLUSTER_NODES: set only one'),
  );
  assert.throws(() => loadConfig({ CACHE_PREFIX: 'a{b}' }), /CACHE_PREFIX/);
});
