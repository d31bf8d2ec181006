import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { Webhook } from 'standardwebhooks';

import { decideRetry } from '../automation/index.ts';
import { createGuardedAgent, type HostLookup } from './guarded.agent.ts';
import { createAddressPolicy } from './ssrf.guard.ts';
import { deliverWebhook, RESPONSE_BODY_LIMIT } from './webhook.delivery.ts';
import { generateWebhookSecret } from './webhook.signer.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP receiver; `reply` decides each answer and every request is recorded. */
async function receiver(
  host: string,
  reply: (req: IncomingMessage, res: ServerResponse, received: Received) => void,
): Promise<{ server: Server; url: string; port: number; hits: Received[] }> {
  const hits: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(received);
      reply(req, res, received);
    });
  });
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { server, url: `http://${urlHost}:${port}/hook`, port, hits };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const payload = {
  type: 'analysis_completed',
  data: { materials: { concrete: { quantity: 12.5, unit: 'm3' } } },
};

void describe('deliverWebhook to an allow-listed receiver', () => {
  const agent = createGuardedAgent({ policy: createAddressPolicy('127.0.0.0/8') });
  let replies: ((res: ServerResponse) => void)[] = [];
  let rx: Awaited<ReturnType<typeof receiver>>;
  before(async () => {
    rx = await receiver('127.0.0.1', (_req, res) => (replies.shift() ?? ((r) => r.end('ok')))(res));
  });
  after(async () => {
    await agent.close();
    await close(rx.server);
  });

  void it('POSTs signed JSON the standardwebhooks package verifies, with either secret during rotation', async () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    replies = [(res) => res.writeHead(202).end('accepted')];
    const result = await deliverWebhook({
      url: rx.url,
      payload,
      secrets: [current, previous],
      msgId: 'run_1:action_0',
      dispatcher: agent,
    });
    assert.equal(result.ok, true);
    assert.equal(result.status, 202);
    assert.equal(result.responseBody, 'accepted');
    assert.equal(result.error, undefined);
    const hit = rx.hits.at(-1)!;
    assert.equal(hit.headers['content-type'], 'application/json');
    assert.equal(hit.headers['webhook-id'], 'run_1:action_0');
    const headers = hit.headers as Record<string, string>;
    assert.deepEqual(new Webhook(current).verify(hit.body, headers), payload);
    assert.deepEqual(new Webhook(previous).verify(hit.body, headers), payload);
    assert.throws(() => new Webhook(generateWebhookSecret()).verify(hit.body, headers));
  });

  void it('reports 500 as retryable and honours Retry-After on 429 (seconds and HTTP-date)', async () => {
    const secrets = [generateWebhookSecret()];
    replies = [(res) => res.writeHead(500).end('boom')];
    const failed = await deliverWebhook({ url: rx.url, payload, secrets, msgId: 'm500', dispatcher: agent });
    assert.deepEqual(
      [failed.ok, failed.status, failed.responseBody, failed.error?.permanent],
      [false, 500, 'boom', false],
    );
    assert.equal(decideRetry(1, failed).action, 'retry');

    replies = [(res) => res.writeHead(429, { 'retry-after': '7' }).end()];
    const limited = await deliverWebhook({ url: rx.url, payload, secrets, msgId: 'm429', dispatcher: agent });
    assert.equal(limited.retryAfterMs, 7000);
    const decision = decideRetry(1, limited, { baseDelayMs: 1000 });
    assert.ok(decision.action === 'retry' && decision.delayMs >= 7000);

    const later = new Date(Date.now() + 120_000).toUTCString();
    replies = [(res) => res.writeHead(503, { 'retry-after': later }).end()];
    const dated = await deliverWebhook({ url: rx.url, payload, secrets, msgId: 'm503', dispatcher: agent });
    assert.ok(dated.retryAfterMs! > 110_000 && dated.retryAfterMs! <= 120_000, String(dated.retryAfterMs));
  });

  void it('signals 410 Gone as "disable the endpoint" and other 4xx as permanent', async () => {
    const secrets = [generateWebhookSecret()];
    replies = [(res) => res.writeHead(410).end(), (res) => res.writeHead(401).end()];
    const gone = await deliverWebhook({ url: rx.url, payload, secrets, msgId: 'm410', dispatcher: agent });
    assert.deepEqual(decideRetry(1, gone), { action: 'disable_endpoint' });
    const unauthorised = await deliverWebhook({
      url: rx.url,
      payload,
      secrets,
      msgId: 'm401',
      dispatcher: agent,
    });
    assert.equal(unauthorised.error?.permanent, true);
    assert.deepEqual(decideRetry(1, unauthorised), { action: 'dead', reason: 'permanent' });
  });

  void it('keeps at most 4 KB of the response body', async () => {
    replies = [(res) => res.end('x'.repeat(64 * 1024))];
    const result = await deliverWebhook({
      url: rx.url,
      payload,
      secrets: [generateWebhookSecret()],
      msgId: 'big',
      dispatcher: agent,
    });
    assert.equal(result.responseBody.length, RESPONSE_BODY_LIMIT);
  });

  void it('gives up after the timeout with a retryable TIMEOUT', async () => {
    replies = [() => undefined]; // never answers
    const result = await deliverWebhook({
      url: rx.url,
      payload,
      secrets: [generateWebhookSecret()],
      msgId: 'slow',
      dispatcher: agent,
      timeoutMs: 300,
    });
    assert.equal(result.error?.code, 'TIMEOUT');
    assert.equal(result.error?.permanent, false);
    assert.ok(result.durationMs >= 250 && result.durationMs < 5000, String(result.durationMs));
  });

  void it('reports a refused connection as a retryable network error and a bad URL as permanent', async () => {
    const dead = await receiver('127.0.0.1', () => undefined);
    await close(dead.server);
    const refused = await deliverWebhook({
      url: dead.url,
      payload,
      secrets: [generateWebhookSecret()],
      msgId: 'r',
      dispatcher: agent,
    });
    assert.deepEqual(
      [refused.status, refused.error?.code, refused.error?.permanent],
      [null, 'NETWORK_ERROR', false],
    );
    for (const url of ['ftp://127.0.0.1/x', 'not a url', 'http://user:pw@127.0.0.1/']) {
      const bad = await deliverWebhook({
        url,
        payload,
        secrets: [generateWebhookSecret()],
        msgId: 'b',
        dispatcher: agent,
      });
      assert.deepEqual([bad.error?.code, bad.error?.permanent], ['INVALID_URL', true], url);
    }
  });
});

void describe('SSRF guard at connect time', () => {
  // Loopback is NOT allow-listed here; the receiver proves nothing got through.
  const logged: string[] = [];
  const agent = createGuardedAgent({ policy: createAddressPolicy(''), log: (line) => logged.push(line) });
  let rx: Awaited<ReturnType<typeof receiver>>;
  let rx6: Awaited<ReturnType<typeof receiver>>;
  before(async () => {
    rx = await receiver('127.0.0.1', (_req, res) => res.end('reached'));
    rx6 = await receiver('::1', (_req, res) => res.end('reached'));
  });
  after(async () => {
    await agent.close();
    await close(rx.server);
    await close(rx6.server);
  });

  void it('blocks metadata, loopback in every spelling, and names resolving to loopback', async () => {
    const { port } = rx;
    const urls = [
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.1:${port}/`,
      `http://[::1]:${rx6.port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://017700000001:${port}/`,
      `http://127.1:${port}/`,
      `http://localhost:${port}/`,
      `http://[::]:${port}/`,
      `http://0.0.0.0:${port}/`,
    ];
    for (const url of urls) {
      const result = await deliverWebhook({
        url,
        payload,
        secrets: [generateWebhookSecret()],
        msgId: 'ssrf',
        dispatcher: agent,
      });
      assert.equal(result.ok, false, url);
      assert.equal(result.error?.code, 'WEBHOOK_ADDRESS_BLOCKED', `${url}: ${result.error?.message}`);
      assert.equal(result.error?.permanent, true);
      assert.match(result.error?.message ?? '', /^webhook address not allowed: /);
      assert.deepEqual(decideRetry(1, result), { action: 'dead', reason: 'permanent' });
    }
    const byName = await deliverWebhook({
      url: `http://localhost:${port}/`,
      payload,
      secrets: [generateWebhookSecret()],
      msgId: 'ssrf-name',
      dispatcher: agent,
    });
    assert.equal(
      byName.error?.message,
      'webhook address not allowed: localhost resolves to a private or reserved address',
      'the tenant is not told what the name resolved to',
    );
    assert.ok(
      logged.some((line) => /localhost resolves to (127\.0\.0\.1|::1) \(loopback\)/.test(line)),
      'the server log has the address',
    );
    assert.equal(rx.hits.length, 0);
    assert.equal(rx6.hits.length, 0);
  });
});

void describe('redirects and DNS', () => {
  let target: Awaited<ReturnType<typeof receiver>>;
  let redirector: Awaited<ReturnType<typeof receiver>>;
  let lookups: string[] = [];
  // Plays DNS: a public-looking name that points at the allow-listed 127.0.0.2 receiver.
  const lookup: HostLookup = (hostname) => {
    lookups.push(hostname);
    if (hostname === 'hooks.erp.example') return Promise.resolve([{ address: '127.0.0.2', family: 4 }]);
    if (hostname === 'mixed.example') {
      return Promise.resolve([
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ]);
    }
    return Promise.reject(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
    );
  };
  const logged: string[] = [];
  const agent = createGuardedAgent({
    policy: createAddressPolicy('127.0.0.2/32'),
    lookup,
    log: (line) => logged.push(line),
  });
  before(async () => {
    target = await receiver('127.0.0.1', (_req, res) => res.end('internal secret'));
    redirector = await receiver('127.0.0.2', (_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${target.port}/admin` }).end(),
    );
  });
  after(async () => {
    await agent.close();
    await close(target.server);
    await close(redirector.server);
  });

  void it('does not follow a redirect to loopback: a permanent failure, the target never reached', async () => {
    lookups = [];
    const url = `http://hooks.erp.example:${redirector.port}/hook`;
    const result = await deliverWebhook({
      url,
      payload,
      secrets: [generateWebhookSecret()],
      msgId: 'redir',
      dispatcher: agent,
    });
    assert.equal(result.status, 302);
    assert.equal(result.error?.code, 'REDIRECT_NOT_FOLLOWED');
    assert.equal(result.error?.permanent, true);
    assert.match(result.error?.message ?? '', /127\.0\.0\.1/);
    assert.equal(redirector.hits.length, 1);
    assert.equal(redirector.hits[0]?.headers.host, `hooks.erp.example:${redirector.port}`);
    assert.equal(target.hits.length, 0);
    assert.deepEqual(lookups, ['hooks.erp.example'], 'resolved once; the socket went to the vetted address');
  });

  void it('refuses a name when any of its addresses is not allowed', async () => {
    const result = await deliverWebhook({
      url: 'http://mixed.example/hook',
      payload,
      secrets: [generateWebhookSecret()],
      msgId: 'mixed',
      dispatcher: agent,
    });
    assert.equal(result.error?.code, 'WEBHOOK_ADDRESS_BLOCKED');
    assert.equal(
      result.error?.message,
      'webhook address not allowed: mixed.example resolves to a private or reserved address',
    );
    assert.deepEqual(logged, ['webhook refused: mixed.example resolves to 10.0.0.5 (private)']);
  });

  void it('reports an unresolvable name as a retryable network error', async () => {
    const result = await deliverWebhook({
      url: 'http://nowhere.example/hook',
      payload,
      secrets: [generateWebhookSecret()],
      msgId: 'nx',
      dispatcher: agent,
    });
    assert.deepEqual([result.error?.code, result.error?.permanent], ['NETWORK_ERROR', false]);
  });
});
