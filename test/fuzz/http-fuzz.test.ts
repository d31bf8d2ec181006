// HTTP fuzzing from the OpenAPI document: every documented operation gets hostile path values, query strings,
// headers, credentials and bodies (app.inject), and a raw socket sends what no client library would — odd
// request targets and bodies that are not UTF-8. No answer may be a 5xx, none may take longer than the
// per-request bound, and the process must stay up. FUZZ_HTTP_RUNS (default 5000 injected requests),
// FUZZ_HTTP_RAW_RUNS (default 400 raw ones), FUZZ_SEED replays a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { ADMIN_TOKEN, startTestApp } from '../support/test-app.ts';
import { signIn } from '../support/sessions.ts';
import { documentedOperations, fillRoute, type Operation } from './api-surface.ts';
import { bodyOf, ODD_TEXT, oddHeaders, type FuzzBody } from './request.fuzzer.ts';

const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 5000);
const RAW_RUNS = Number(process.env.FUZZ_HTTP_RAW_RUNS ?? 400);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** Per request: a bound no healthy answer comes near, even on a loaded machine. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Requests in flight at once. */
const PARALLEL = 5;
const PASSWORD = 'correct horse battery';

/** Rejects when `promise` takes longer than {@link REQUEST_TIMEOUT_MS}. */
async function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms: ${what}`)),
      REQUEST_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends raw bytes and returns the answer's status code (undefined when none) and text. */
function rawExchange(port: number, request: Buffer): Promise<{ status: number | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text: received });
    });
    socket.write(request); // `Connection: close`: the server ends it (a half-close would abort the answer)
  });
}

/** Bytes that are not UTF-8: a lone continuation byte, overlong forms, a surrogate, a cut-off sequence. */
const INVALID_UTF8 = [
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xff, 0xfe],
  [0xe2, 0x82],
].map((bytes) => Buffer.from(bytes));

test('no documented route answers a malformed request with a 5xx or not at all', async (t) => {
  // failed credentials are what a fuzzer sends most: unthrottled, so each one is checked rather than held
  const ctx = await startTestApp({
    WORKER_ENABLED: 'false',
    AUTH_FAILURES_PER_MINUTE: '1000000',
    AUTH_FAILURE_BURST: '1000000',
    LOGIN_FAILURES_PER_MINUTE: '1000000',
    LOGIN_FAILURE_BURST: '1000000',
  });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant('Fuzzed');
  await ctx.deps.users.create(tenant.tenantId, {
    email: 'owner@fuzz.example',
    password: PASSWORD,
    role: 'owner',
  });
  const session = await signIn(ctx.app, 'owner@fuzz.example', PASSWORD);
  const fileId = await ctx.upload(
    tenant.headers,
    'plan.dxf',
    '0\nSECTION\n2\nENTITIES\n0\nLINE\n8\nA-WALL\n10\n0\n20\n0\n11\n5\n21\n0\n0\nENDSEC\n0\nEOF\n',
  );
  const operations = (await documentedOperations(ctx.app)).filter(
    (op) => op.route !== '/api/events/stream', // a stream that is answered never ends
  );
  const credentials: Record<string, Record<string, string>> = {
    none: {},
    tenant: tenant.headers,
    session: session.write,
    operator: { authorization: `Bearer ${ADMIN_TOKEN}` },
    garbage: { authorization: 'Bearer \u00ff\u00fe', cookie: 'cai_session=%%%; cai_session=x' },
    basic: { authorization: 'Basic Og==' },
  };
  const statuses = new Map<number, number>();

  await t.test(`${RUNS} injected requests over ${operations.length} operations`, async () => {
    const request = fc
      .record({
        op: fc.constantFrom(...operations),
        who: fc.constantFrom(...Object.keys(credentials)),
        params: fc.array(fc.oneof(fc.constant(fileId), ODD_TEXT), { minLength: 3, maxLength: 3 }),
        query: fc.array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom('limit', 'cursor', 'status', 'before', 'unread', 'format', 'created_from'),
              ODD_TEXT,
            ),
            ODD_TEXT,
          ),
          { maxLength: 3 },
        ),
        headers: oddHeaders,
      })
      .chain((r) => bodyOf(r.op).map((body: FuzzBody) => ({ ...r, body })));
    let sent = 0;
    await fc.assert(
      // a few requests at a time, as clients send them (and so the run fits a loaded CI machine)
      fc.asyncProperty(fc.array(request, { minLength: PARALLEL, maxLength: PARALLEL }), async (requests) => {
        await Promise.all(
          requests.map(async ({ op, who: drawn, params, query, headers, body }) => {
            const url = fuzzedUrl(op, params, query);
            // signing out would end the session the other requests use
            const who = op.route === '/api/auth/logout' && drawn === 'session' ? 'garbage' : drawn;
            const write = !['GET', 'DELETE'].includes(op.method);
            const response = await bounded(
              ctx.app.inject({
                method: op.method,
                url,
                headers: {
                  ...headers,
                  ...credentials[who],
                  ...(write && body.contentType ? { 'content-type': body.contentType } : {}),
                },
                ...(write && body.payload !== undefined ? { payload: body.payload } : {}),
              }),
              `${op.method} ${url}`,
            );
            sent++;
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            assert.ok(
              response.statusCode < 500 || isWebAppNotBuilt(response.statusCode, response.body),
              `${op.method} ${url} → ${response.statusCode} ${response.body.slice(0, 300)}`,
            );
          }),
        );
      }),
      { numRuns: Math.ceil(RUNS / PARALLEL), seed: SEED },
    );
    assert.ok(sent >= RUNS, `${sent} requests`);
    t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  });

  await t.test(`${RAW_RUNS} raw requests: odd targets and bodies that are not UTF-8`, async () => {
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = ctx.app.server.address() as AddressInfo;
    const target = fc.oneof(
      fc.constantFrom(...operations).chain((op) =>
        fc.array(ODD_TEXT, { minLength: 3, maxLength: 3 }).map((params) => {
          let i = 0;
          return fillRoute(op.route, () => params[i++]!);
        }),
      ),
      fc.constantFrom(
        '*',
        '//',
        '/..',
        '/api/files/%',
        '/api/files/%ZZ',
        '/api/files/%c0%af',
        '/api/%2e%2e/admin/tenants',
        '/api/files?limit=1&limit=2&limit[]=3',
        '/api/files?%',
        '/api/files/#frag',
        'http://evil.example/api/files',
        '/api/files/' + 'a'.repeat(20_000),
      ),
      fc.uint8Array({ minLength: 1, maxLength: 40 }).map(
        (bytes) =>
          `/api/files/${Buffer.from(bytes)
            .toString('latin1')
            .replace(/[\s\r\n]/g, '')}`,
      ),
    );
    const raw = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
      target,
      who: fc.constantFrom('none', 'tenant', 'session', 'operator'),
      body: fc.tuple(
        fc.string({ maxLength: 20 }),
        fc.constantFrom(...INVALID_UTF8),
        fc.string({ maxLength: 20 }),
      ),
      asJsonString: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        raw,
        async ({ method, target: path, who, body: [before, bad, after], asJsonString }) => {
          const body = Buffer.concat(
            asJsonString
              ? [Buffer.from(`{"name":"${before}`), bad, Buffer.from(`${after}"}`)]
              : [Buffer.from(before), bad, Buffer.from(after)],
          );
          const head = [
            `${method} ${path} HTTP/1.1`,
            'Host: 127.0.0.1',
            'Connection: close',
            ...Object.entries(credentials[who]!).map(([name, value]) => `${name}: ${value}`),
            'Content-Type: application/json',
            `Content-Length: ${body.length}`,
          ].join('\r\n');
          const { status, text } = await bounded(
            rawExchange(port, Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body])),
            `${method} ${path}`,
          );
          assert.ok(
            status !== undefined &&
              (status < 500 ||
                isWebAppNotBuilt(
                  status,
                  method === 'HEAD' && !path.startsWith('/api/') ? 'WEB_APP_NOT_BUILT' : text,
                )),
            `${method} ${JSON.stringify(path.slice(0, 200))} → ${status ?? 'no answer'} ${text.slice(0, 400)}`,
          );
        },
      ),
      { numRuns: RAW_RUNS, seed: SEED },
    );
  });

  await t.test('the server still answers after the fuzzing', async () => {
    const response = await ctx.app.inject({ url: `/api/files/${fileId}`, headers: tenant.headers });
    assert.ok([200, 404].includes(response.statusCode), response.body);
  });
});

/**
 * A page asked of a server whose web app is not built (as in a checkout before `npm run build:web`): a
 * designed answer naming the fix, not a fault. A HEAD answer has no body to tell; off /api/ it is a page.
 */
function isWebAppNotBuilt(status: number, body: string): boolean {
  return status === 503 && body.includes('WEB_APP_NOT_BUILT');
}

/** The operation's route with fuzzed params and query. */
function fuzzedUrl(op: Operation, params: string[], query: Array<[string, string]>): string {
  let i = 0;
  const path = fillRoute(op.route, () => params[i++ % params.length]!);
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}
