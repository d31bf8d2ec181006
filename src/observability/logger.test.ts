import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { it } from 'node:test';
import Fastify from 'fastify';
import { loggerOptions } from './logger.ts';

function appLoggingTo(lines: Record<string, unknown>[]) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const options = loggerOptions('info', false);
  const app = Fastify({ ...options, logger: { level: 'info', stream } });
  app.get('/', async (request) => {
    request.log.debug('below the level: dropped');
    request.log.info({ step: 1 }, 'handled');
    return 'ok';
  });
  return app;
}

void it('request logs carry the request id: generated per process, or the caller’s x-request-id', async () => {
  const lines: Record<string, unknown>[] = [];
  const app = appLoggingTo(lines);
  await app.inject('/');
  await app.inject('/');
  await app.inject({ url: '/', headers: { 'x-request-id': 'trace-42' } });
  assert.deepEqual(
    lines.map((l) => l.msg),
    ['handled', 'handled', 'handled'],
  );
  const [a, b, c] = lines.map((l) => l.reqId as string);
  assert.match(a!, /^[0-9a-f]{8}-[0-9a-z]+$/);
  assert.notEqual(a, b);
  assert.equal(a!.split('-')[0], b!.split('-')[0]);
  assert.equal(c, 'trace-42');
  assert.equal(lines[0]!.step, 1);
  await app.close();
});
