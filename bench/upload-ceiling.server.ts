// Child process of the upload-ceiling bench: a bare Fastify + @fastify/multipart on 127.0.0.1 that streams each
// uploaded file to disk while hashing it (sha256), then answers its hash and size: the machine's upload ceiling.
//   POST /upload   multipart field `file`
//   GET  /list     a JSON body as large as the list page the bench sends (`?bytes=N`), for the read comparison
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';
import multipart from '@fastify/multipart';

const dir = mkdtempSync(join(tmpdir(), 'cai-upload-ceiling-'));
const bodies = new Map<number, Buffer>();
const app = Fastify({ logger: false });
await app.register(multipart, { limits: { fileSize: 100 * 1024 * 1024, files: 1 } });
app.post('/upload', async (request, reply) => {
  const part = await request.file();
  if (!part) return reply.status(400).send({ message: 'no file' });
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(part.file, meter, createWriteStream(join(dir, randomUUID()), { mode: 0o600 }));
  return { sha256: hash.digest('hex'), size_bytes: size };
});
app.get<{ Querystring: { bytes?: string } }>('/list', (request, reply) => {
  const bytes = Math.min(Number(request.query.bytes) || 0, 1 << 20);
  let body = bodies.get(bytes);
  if (body === undefined) {
    body = Buffer.from(JSON.stringify({ filler: 'x'.repeat(Math.max(0, bytes - 13)) }));
    bodies.set(bytes, body);
  }
  return reply.type('application/json; charset=utf-8').send(body);
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ address });
const stop = () =>
  void app.close().then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
process.on('SIGTERM', stop);
process.on('disconnect', stop);
