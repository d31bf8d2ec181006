// Child process of the benches: a bare Fastify on 127.0.0.1, random port sent to the parent.
//   GET /          hello-world
//   GET /bytes/:n  a JSON body of n bytes, so an app route can be compared with bare Fastify sending as much
import Fastify from 'fastify';

const bodies = new Map<number, Buffer>();
function bodyOf(bytes: number): Buffer {
  let body = bodies.get(bytes);
  if (body === undefined) {
    body = Buffer.from(JSON.stringify({ filler: 'x'.repeat(Math.max(0, bytes - 13)) }));
    bodies.set(bytes, body);
  }
  return body;
}

const app = Fastify({ logger: false });
app.get('/', (_req, reply) => reply.send({ hello: 'world' }));
app.get<{ Params: { n: string } }>('/bytes/:n', (req, reply) =>
  reply.type('application/json; charset=utf-8').send(bodyOf(Math.min(Number(req.params.n) || 0, 1 << 20))),
);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ address });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
process.on('disconnect', () => void app.close().then(() => process.exit(0)));
