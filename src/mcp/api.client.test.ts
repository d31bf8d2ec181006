import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { ApiClient } from './api.client.ts';
import { ApiRequestError } from './mcp.errors.ts';

/** What the stand-in for a proxy or server in front of the API answers, per path. */
const ROUTES: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/api/json': (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ authorization: req.headers.authorization, url: req.url }));
  },
  '/api/missing': (_req, res) => {
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        statusCode: 404,
        code: 'FILE_NOT_FOUND',
        error: 'Not Found',
        message: 'file not found',
      }),
    );
  },
  '/api/busy': (_req, res) => {
    res.statusCode = 429;
    res.setHeader('retry-after', '7');
    res.end(
      JSON.stringify({ statusCode: 429, code: 'TENANT_BUSY', error: 'Too Many Requests', message: 'busy' }),
    );
  },
  '/api/proxy': (_req, res) => {
    res.statusCode = 502;
    res.end('<html>Bad gateway</html>');
  },
  '/api/slow': () => undefined, // never answers
};

void describe('ApiClient', () => {
  const server = createServer((req, res) => ROUTES[new URL(req.url!, 'http://x').pathname]!(req, res));
  let client: ApiClient;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new ApiClient({ apiUrl: `http://127.0.0.1:${port}`, apiKey: 'cai_key', requestTimeoutMs: 1000 });
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const rejection = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ApiRequestError, String(error));
    return error;
  };

  void it('sends the key as a bearer token and the query, and parses JSON', async () => {
    const body = await client.json<{ authorization: string; url: string }>('GET', '/api/json', {
      query: { limit: 5, cursor: undefined },
    });
    assert.deepEqual(body, { authorization: 'Bearer cai_key', url: '/api/json?limit=5' });
  });

  void it("keeps the API's status, code and message", async () => {
    const error = await rejection(client.json('GET', '/api/missing'));
    assert.equal(error.statusCode, 404);
    assert.equal(error.code, 'FILE_NOT_FOUND');
    assert.equal(error.message, 'file not found');
    assert.equal(error.request, 'GET /api/missing');
  });

  void it('passes Retry-After on', async () => {
    const error = await rejection(client.json('GET', '/api/busy'));
    assert.equal(error.code, 'TENANT_BUSY');
    assert.equal(error.details?.retry_after_seconds, 7);
  });

  void it('names a non-JSON error page by its status and first characters', async () => {
    const error = await rejection(client.json('GET', '/api/proxy'));
    assert.equal(error.code, 'HTTP_502');
    assert.match(error.message, /Bad Gateway: <html>Bad gateway/);
  });

  void it('a server that does not answer in time, or cannot be reached, is named', async () => {
    const slow = await rejection(client.json('GET', '/api/slow'));
    assert.equal(slow.code, 'API_UNREACHABLE');
    assert.match(slow.message, /no answer in time \(CONSTRUCTION_AI_TIMEOUT_MS\)/);
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const { port } = gone.address() as AddressInfo;
    await new Promise((resolve) => gone.close(resolve));
    const closed = new ApiClient({ apiUrl: `http://127.0.0.1:${port}`, apiKey: 'k', requestTimeoutMs: 1000 });
    const refused = await rejection(closed.json('GET', '/api/json'));
    assert.equal(refused.statusCode, 0);
    assert.equal(refused.message, `cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
  });
});
