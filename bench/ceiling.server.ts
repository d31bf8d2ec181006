// Child process of bench/ceiling.ts: a bare Fastify hello-world on 127.0.0.1, random port sent to the parent.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', (_req, reply) => reply.send({ hello: 'world' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ address });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
process.on('disconnect', () => void app.close().then(() => process.exit(0)));
