// Sign-in and session cost on a real server process (fresh databases on TEST_DATABASE_URL, default local
// PostgreSQL 15):
//  1. argon2id hash and verify in this process (the server's parameters);
//  2. POST /api/auth/login: sign-ins per second at a few concurrencies (each one argon2id verify);
//  3. GET /api/me authenticated by a session cookie vs by an API key, closed loop: the session lookup is a
//     per-process copy, so the two should cost about the same.
//   node --import tsx bench/sessions.bench.ts [--duration 5s] [--concurrency 16]
import { parseArgs } from 'node:util';
import { parseDuration } from '../loadtest/index.ts';
import { hashPassword, verifyPassword } from '../src/users/index.ts';
import { createBenchTenant, printTable, startBenchServer } from './support.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '5s' }, concurrency: { type: 'string', default: '16' } },
});
const durationMs = parseDuration(values.duration);
const concurrency = Number(values.concurrency);
const PASSWORD = 'bench password, long enough';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const ms = (value: number) => value.toFixed(2);

console.log('\n## argon2id in one process (m=19456 KiB, t=2, p=1; libuv thread pool)');
const hashes: number[] = [];
const verifies: number[] = [];
let stored = '';
for (let i = 0; i < 10; i++) {
  let started = performance.now();
  stored = await hashPassword(PASSWORD);
  hashes.push(performance.now() - started);
  started = performance.now();
  await verifyPassword(stored, PASSWORD);
  verifies.push(performance.now() - started);
}
hashes.sort((a, b) => a - b);
verifies.sort((a, b) => a - b);
printTable(
  ['operation', 'p50 ms', 'max ms'],
  [
    ['hash', ms(percentile(hashes, 0.5)), ms(hashes.at(-1)!)],
    ['verify', ms(percentile(verifies, 0.5)), ms(verifies.at(-1)!)],
  ],
);

const server = await startBenchServer({ LOGIN_FAILURE_BURST: '1000000', AUTH_FAILURE_BURST: '1000000' });
try {
  const apiKey = await createBenchTenant(server);
  const keyHeaders = { authorization: `Bearer ${apiKey}` };
  const created = await fetch(`${server.baseUrl}/api/users`, {
    method: 'POST',
    headers: { ...keyHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@bench.example', password: PASSWORD, role: 'owner' }),
  });
  if (created.status !== 201)
    throw new Error(`user create failed: ${created.status} ${await created.text()}`);
  const login = async () => {
    const response = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@bench.example', password: PASSWORD }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
    return /^(cai_session=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')![1]!;
  };

  console.log(`\n## POST /api/auth/login (server: 1 process; ${values.duration} per row)`);
  const loginRows: string[][] = [];
  for (const parallel of [1, 4, 8])
    loginRows.push([String(parallel), ...(await closedLoop(parallel, login))]);
  printTable(['concurrency', 'req/s', 'p50 ms', 'p99 ms', 'failures'], loginRows);

  const cookie = await login();
  console.log(`\n## GET /api/me, ${concurrency} connections, ${values.duration} each`);
  const me = (headers: Record<string, string>) => async () => {
    const response = await fetch(`${server.baseUrl}/api/me`, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /api/me: ${response.status}`);
  };
  printTable(
    ['credential', 'req/s', 'p50 ms', 'p99 ms', 'failures'],
    [
      ['API key', ...(await closedLoop(concurrency, me(keyHeaders)))],
      ['session cookie', ...(await closedLoop(concurrency, me({ cookie })))],
    ],
  );
} finally {
  await server.stop();
}

/** Runs `once` from `parallel` loops for the bench duration; req/s, p50, p99 and failures. */
async function closedLoop(parallel: number, once: () => Promise<unknown>): Promise<string[]> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() - started < durationMs) {
        const sent = performance.now();
        try {
          await once();
          latencies.push(performance.now() - sent);
        } catch {
          failures++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return [
    (latencies.length / seconds).toFixed(0),
    ms(percentile(latencies, 0.5)),
    ms(percentile(latencies, 0.99)),
    String(failures),
  ];
}
