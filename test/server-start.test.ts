import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freePort, freshServerEnv, startServerProcess } from './support/server-process.ts';

test('a start on a port already taken exits non-zero with the cause and the fix in one line', async (t) => {
  const { env } = await freshServerEnv(t, 1);
  const port = await freePort();
  const squatter = createServer().listen(port, '127.0.0.1');
  t.after(() => squatter.close());
  await new Promise((resolve) => squatter.once('listening', resolve));
  const error = await startServerProcess({ ...env, PORT: String(port) }).then(
    () => assert.fail('the server started on a taken port'),
    (e: Error) => e,
  );
  assert.match(error.message, /server exited \(1\)/);
  assert.match(
    error.message,
    new RegExp(
      `cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use; stop the other server or set PORT`,
    ),
  );
  assert.doesNotMatch(error.message, /^undefined$/m);
});
