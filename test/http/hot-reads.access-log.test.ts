import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshServerEnv, startServerProcess } from '../support/server-process.ts';
import { ADMIN_TOKEN, eventually } from '../support/test-app.ts';

type LogLine = Record<string, unknown> & { reqId?: string; msg?: string };

/** The fields of a log line that do not change from one request to the next. */
function stable({ time: _t, reqId: _r, responseTime, req, ...rest }: LogLine) {
  const { remotePort: _p, ...request } = (req ?? {}) as Record<string, unknown>;
  return { ...rest, req: request, timed: typeof responseTime === 'number' };
}

test('a hot answer writes the same access-log lines as Fastify, with the caller request id', async (t) => {
  const { env, baseUrl: base } = await freshServerEnv(t, 2);
  const server = await startServerProcess({
    ...env,
    LOG_LEVEL: 'info',
    LOG_REQUESTS: 'true',
    WORKER_ENABLED: 'false',
  });
  t.after(() => server.child.kill('SIGTERM'));
  const created = await fetch(`${base}/api/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Logged' }),
  });
  const { apiKey } = (await created.json()) as { apiKey: string };
  const hotAnswers = async () => {
    const metrics = await (
      await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text();
    return Number(/^http_hot_reads_total (\d+)/m.exec(metrics)?.[1]);
  };
  for (const id of ['through-fastify-1', 'through-fastify-2', 'hot-1']) {
    const response = await fetch(`${base}/api/files`, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-request-id': id },
    });
    assert.equal(response.status, 200);
  }
  assert.equal(await hotAnswers(), 1, 'the third GET was answered hot');

  const linesOf = (reqId: string) =>
    eventually(async () => {
      const lines = server
        .stdoutLines()
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine)
        .filter((line) => line.reqId === reqId);
      return lines.length === 2 ? lines : undefined;
    }, 5000);
  const throughFastify = await linesOf('through-fastify-2');
  const hot = await linesOf('hot-1');
  assert.deepEqual(
    hot.map((line) => line.msg),
    ['incoming request', 'request completed'],
  );
  assert.deepEqual(hot.map(stable), throughFastify.map(stable));
});
