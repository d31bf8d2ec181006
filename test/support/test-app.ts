import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildDeps, type Deps } from '../../src/deps.ts';
import type { DrawingEngine } from '../../src/files/index.ts';
import { createTestDatabases } from './databases.ts';

/** Operator token used by every test app. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A test app on fresh databases: a control database and two physical shards, so routing mistakes show. */
export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  config: Readonly<Config>;
  /** Creates a tenant through the operator API and returns its id and an Authorization header. */
  createTenant(
    name?: string,
  ): Promise<{ tenantId: string; apiKey: string; keyId: string; headers: { authorization: string } }>;
  /** Uploads a file as the tenant of `headers`, asserts 200 and returns its id. */
  upload(headers: Record<string, string>, filename: string, content: Buffer | string): Promise<string>;
  close(): Promise<void>;
}

/** Builds deps and app over fresh databases; pass env overrides (e.g. WORKER_ENABLED=false). */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { engine?: DrawingEngine; runWorkers?: boolean } = {},
): Promise<TestApp> {
  const databases = await createTestDatabases(3);
  const dataDir = mkdtempSync(join(tmpdir(), 'cai-test-data-'));
  const config = loadConfig({
    DATABASE_URL: databases.urls[0],
    SHARD_DATABASE_URLS: databases.urls.slice(1).join(','),
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    JOB_EXPIRE_SECONDS: '10',
    CACHE_PREFIX: `cai-test-${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const runWorkers = options.runWorkers ?? config.workerEnabled;
  const deps = await buildDeps(config, { runWorkers, log: () => undefined, engine: options.engine });
  const app = await buildApp(deps);
  return {
    app,
    deps,
    config,
    createTenant: async (name = 'Tenant') => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/admin/tenants',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { name },
      });
      if (response.statusCode !== 200) throw new Error(`tenant create failed: ${response.body}`);
      const body = response.json<{ tenantId: string; apiKey: string; keyId: string }>();
      return { ...body, headers: { authorization: `Bearer ${body.apiKey}` } };
    },
    upload: (headers, filename, content) => uploadFile(app, headers, filename, content),
    close: async () => {
      await app.close();
      await deps.close();
      await databases.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Uploads a file through `app` as the tenant of `headers`, asserts 200 and returns its id. */
export async function uploadFile(
  app: FastifyInstance,
  headers: Record<string, string>,
  filename: string,
  content: Buffer | string,
): Promise<string> {
  const body = multipartFile(filename, content);
  const response = await app.inject({
    method: 'POST',
    url: '/api/files/upload',
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
  assert.equal(response.statusCode, 200, response.body);
  return response.json<{ file_id: string }>().file_id;
}

/** Another app instance over the databases, Redis and cache prefix of `ctx`, as a second server process. */
export async function startSecondInstance(
  ctx: TestApp,
): Promise<{ app: FastifyInstance; deps: Deps; close(): Promise<void> }> {
  const deps = await buildDeps(ctx.config, { runWorkers: false, log: () => undefined });
  const app = await buildApp(deps);
  return {
    app,
    deps,
    close: async () => {
      await app.close();
      await deps.close();
    },
  };
}

/** Builds a multipart/form-data body with one file part. */
export function multipartFile(
  filename: string,
  content: Buffer | string,
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----cai${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n`,
    ),
    Buffer.from('Content-Type: application/octet-stream\r\n\r\n'),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Polls `check` until it returns a value or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The environment of a CLI process run against `ctx`'s databases and data folder (quiet logs). */
export function cliEnv(ctx: TestApp): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: ctx.config.databaseUrl,
    SHARD_DATABASE_URLS: ctx.config.shardDatabaseUrls.join(','),
    DATA_DIR: ctx.config.dataDir,
    LOG_LEVEL: 'silent',
  };
}
