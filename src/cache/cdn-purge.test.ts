import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { HttpPurgeProvider } from './cdn-purge.provider.ts';
import { CdnPurgeQueue } from './cdn-purge.queue.ts';

/** A local CDN purge endpoint that records requests and answers with scripted statuses. */
async function receiver(
  statuses: number[] = [],
): Promise<{ url: string; bodies: unknown[]; requests: () => number; server: Server }> {
  const bodies: unknown[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) bodies.push(JSON.parse(raw));
      res.writeHead(status, status === 429 ? { 'retry-after': '0' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/purge`, bodies, requests: () => requests, server };
}

void describe('CdnPurgeQueue with the HTTP provider', () => {
  void it('debounces and de-duplicates invalidations into provider-sized batches', async (t) => {
    const cdn = await receiver();
    t.after(() => cdn.server.close());
    const provider = new HttpPurgeProvider({ url: cdn.url, maxPathsPerRequest: 2 });
    const queue = new CdnPurgeQueue({ provider, debounceMs: 40 });
    queue.purgePaths(['/api/materials', '/api/locations']);
    queue.purgeTags(['catalog']);
    await sleep(10);
    queue.purgePaths(['/api/materials', '/api/materials?page=2']);
    queue.purgeTags(['catalog', 'locations']);
    assert.equal(cdn.bodies.length, 0, 'nothing sent during the debounce window');
    for (let waited = 0; cdn.bodies.length < 3 && waited < 2000; waited += 10) await sleep(10);
    assert.deepEqual(cdn.bodies, [
      { paths: ['/api/materials', '/api/locations'] },
      { paths: ['/api/materials?page=2'] },
      { tags: ['catalog', 'locations'] },
    ]);
  });

  void it('retries 429 and 5xx with backoff, and drops a batch the CDN refuses', async (t) => {
    const cdn = await receiver([429, 503, 200, 400]);
    t.after(() => cdn.server.close());
    const registry = new Registry();
    const queue = new CdnPurgeQueue({
      provider: new HttpPurgeProvider({ url: cdn.url }),
      debounceMs: 5,
      baseBackoffMs: 5,
      registry,
    });
    queue.purgeTags(['catalog']);
    await queue.flush();
    assert.deepEqual(cdn.bodies, [{ tags: ['catalog'] }]);
    queue.purgePaths(['/bad']);
    await queue.flush();
    assert.equal(cdn.bodies.length, 1);
    const text = await registry.metrics();
    assert.match(text, /cdn_purge_batches_total\{kind="tags",outcome="retried"\} 2/);
    assert.match(text, /cdn_purge_batches_total\{kind="paths",outcome="dropped"\} 1/);
  });

  void it('gives up after maxAttempts when the CDN keeps failing', async (t) => {
    const cdn = await receiver([500, 500, 500, 500]);
    t.after(() => cdn.server.close());
    const queue = new CdnPurgeQueue({
      provider: new HttpPurgeProvider({ url: cdn.url }),
      maxAttempts: 3,
      baseBackoffMs: 1,
    });
    queue.purgeTags(['x']);
    await queue.close();
    assert.deepEqual(cdn.bodies, []);
    assert.equal(cdn.requests(), 3);
  });
});
