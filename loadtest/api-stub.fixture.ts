// Test fixture: a local Fastify server speaking the loadtest's HTTP contract, with Prometheus counters.
import Fastify, { type FastifyInstance } from 'fastify';

/** Options of the stub: the operator token it accepts and the failures it injects. */
export interface ApiStubOptions {
  adminToken: string;
  /** Every n-th search-similar call answers 500 (0 = never), once `failAfterSearches` calls have passed. */
  failEverySearch?: number;
  failAfterSearches?: number;
  /** Each upload's `analysis_completed` goes to the tenant's event streams this long after the upload. */
  analysisDelayMs?: number;
}

/** Starts the stub on 127.0.0.1 (random port); returns the app and its base URL. */
export async function startApiStub(opts: ApiStubOptions): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const app = Fastify();
  const tenants = new Map<string, string[]>();
  const counters = { hits: 0, misses: 0, dbSeconds: 0, dbCount: 0, searches: 0 };
  const keyOf = (auth: string | undefined) => (auth ?? '').replace(/^Bearer /, '');
  const tenantOf = (auth: string | undefined) => tenants.get(keyOf(auth));
  const streams = new Map<string, Set<(frame: string) => void>>();
  // Multipart is not parsed: the stub only needs to see that a body arrived.
  app.addContentTypeParser('multipart/form-data', (_req, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, undefined));
  });

  app.post('/api/admin/tenants', async (req, reply) => {
    if (req.headers.authorization !== `Bearer ${opts.adminToken}`)
      return reply.code(401).send({ error: 'no' });
    const apiKey = `key-${tenants.size + 1}`;
    tenants.set(apiKey, []);
    return { tenantId: `t-${tenants.size}`, apiKey };
  });
  app.post('/api/files/upload', async (req, reply) => {
    const files = tenantOf(req.headers.authorization);
    if (!files) return reply.code(401).send({ error: 'no' });
    const id = `f-${files.length + 1}`;
    files.push(id);
    const key = keyOf(req.headers.authorization);
    const event = { type: 'analysis_completed', data: { analysis: { id, status: 'completed' } } };
    setTimeout(() => {
      for (const send of streams.get(key) ?? [])
        send(`event: analysis_completed\ndata: ${JSON.stringify(event)}\n\n`);
    }, opts.analysisDelayMs ?? 50);
    counters.dbCount++;
    counters.dbSeconds += 0.002;
    return { file_id: id };
  });
  app.get('/api/files', async (req, reply) => {
    const files = tenantOf(req.headers.authorization);
    if (!files) return reply.code(401).send({ error: 'no' });
    counters.hits++;
    return { items: files.map((id) => ({ file_id: id })), next_cursor: null };
  });
  app.get<{ Params: { id: string } }>('/api/files/:id/analysis', async (req, reply) => {
    const files = tenantOf(req.headers.authorization);
    if (!files?.includes(req.params.id)) return reply.code(404).send({ error: 'not found' });
    counters.hits++;
    return { status: 'completed' };
  });
  app.post('/api/cost-estimates/search-similar', async (_req, reply) => {
    counters.searches++;
    const every = opts.failEverySearch ?? 0;
    if (every > 0 && counters.searches > (opts.failAfterSearches ?? 0) && counters.searches % every === 0)
      return reply.code(500).send({});
    counters.misses++;
    counters.dbCount++;
    counters.dbSeconds += 0.004;
    return { items: [] };
  });
  app.get('/api/events/stream', (req, reply) => {
    const key = keyOf(req.headers.authorization);
    if (!tenants.has(key)) return reply.code(401).send({ error: 'no' });
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    reply.raw.write(': open\n\n');
    const send = (frame: string) => void reply.raw.write(frame);
    const open = streams.get(key) ?? new Set();
    open.add(send);
    streams.set(key, open);
    req.raw.on('close', () => open.delete(send));
  });
  app.get('/metrics', async (_req, reply) =>
    reply
      .type('text/plain')
      .send(
        [
          `cache_hits_total{kind="files",level="l1"} ${counters.hits}`,
          `cache_misses_total{kind="costs"} ${counters.misses}`,
          `db_query_duration_seconds_sum ${counters.dbSeconds}`,
          `db_query_duration_seconds_count ${counters.dbCount}`,
        ].join('\n'),
      ),
  );
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, baseUrl };
}
