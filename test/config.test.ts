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
