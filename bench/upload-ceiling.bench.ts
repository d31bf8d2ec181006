// Upload ceiling: 16 KB uploads at concurrency 32 (closed loop, one undici client, the same run) against
//   ours  — `construction-ai serve`, one process, workers on, fresh databases (TEST_DATABASE_URL, default the
//           local PostgreSQL), Redis with --redis;
//   bare  — Fastify + @fastify/multipart streaming each file to disk while hashing it (upload-ceiling.server.ts);
// then uncached GET /api/files (each request a distinct cursor, so no cache entry serves it and no date filter
// narrows it) against the bare server sending a body of the same size. Prints both rates and the ratio.
//   node --import tsx bench/upload-ceiling.bench.ts [--duration 10s] [--concurrency 32] [--rounds 2] [--redis]
//     [--profile DIR]   (a CPU profile of our server, written when it stops)
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import hdr from 'hdr-histogram-js';
import { parseDuration } from '../loadtest/index.ts';
import { createBenchTenant, printTable, startBenchServer } from './support.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10s' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '2' },
    redis: { type: 'boolean', default: false },
    /** Write a CPU profile of our server (node --cpu-prof) into this folder. */
    profile: { type: 'string' },
  },
});
const durationMs = parseDuration(values.duration);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);

/** One closed-loop measurement: completed requests per second and latency percentiles (ms). */
interface Rate {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

/** Sends requests from `concurrency` loops on one keep-alive pool for `ms`; `request(i)` sends the i-th. */
async function closedLoop(
  pool: Pool,
  ms: number,
  request: (i: number) => Parameters<Pool['request']>[0],
): Promise<Rate> {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000 });
  let done = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const stopAt = started + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) {
        const sent = performance.now();
        const response = await pool.request(request(next++));
        await response.body.arrayBuffer();
        if (response.statusCode !== 200) failed++;
        histogram.recordValue(Math.max(1, Math.round((performance.now() - sent) * 1000)));
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    rps: done / seconds,
    p50: histogram.getValueAtPercentile(50) / 1000,
    p99: histogram.getValueAtPercentile(99) / 1000,
    failed,
  };
}

const BOUNDARY = '----cai-upload-ceiling';
/** The seed's 16 KB test file as one multipart body, built once (the client's cost is the same for both). */
function multipartBody(filename: string): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'content-type: application/octet-stream\r\n\r\n',
    ),
    Buffer.from('DWG_FILE_CONTENT'.repeat(1000)),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const server = await startBenchServer(
  {
    ...(values.redis ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {}),
    LOG_REQUESTS: 'false',
    QUOTA_UPLOADS_PER_DAY: '100000000',
    QUOTA_FILES: '100000000',
    QUOTA_ANALYSIS_BACKLOG: '100000000',
  },
  values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
);
const bare = fork(new URL('./upload-ceiling.server.ts', import.meta.url), {
  execArgv: ['--import', import.meta.resolve('tsx')],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const bareUrl = await new Promise<string>((resolve) =>
  bare.once('message', (m: { address: string }) => resolve(m.address)),
);
const ours = new Pool(server.baseUrl, { connections: concurrency, pipelining: 1 });
const theirs = new Pool(bareUrl, { connections: concurrency, pipelining: 1 });

try {
  const apiKey = await createBenchTenant(server);
  const auth = { authorization: `Bearer ${apiKey}` };
  const body = multipartBody('test.dwg');
  const uploadHeaders = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  const upload = (path: string, headers: Record<string, string>) => () => ({
    method: 'POST' as const,
    path,
    headers: { ...headers, ...uploadHeaders },
    body,
  });
  const ourUpload = upload('/api/files/upload', auth);
  const bareUpload = upload('/upload', {});

  console.log(
    `\n## 16 KB uploads, concurrency ${concurrency}, ${values.duration} per row (${rounds} rounds, alternating)`,
  );
  const uploadsFrom = Date.now();
  await closedLoop(ours, 2000, ourUpload); // warm-up, not measured
  await closedLoop(theirs, 2000, bareUpload);
  const rows: string[][] = [];
  const uploadRates = { ours: [] as number[], bare: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    for (const [name, pool, request] of [
      ['ours', ours, ourUpload],
      ['bare', theirs, bareUpload],
    ] as const) {
      const rate = await closedLoop(pool, durationMs, request);
      uploadRates[name].push(rate.rps);
      rows.push(rowOf(`${name} (round ${round})`, rate));
    }
  }
  printTable(['target', 'uploads/s', 'p50 ms', 'p99 ms', 'failed'], rows);
  const upRatio = mean(uploadRates.ours) / mean(uploadRates.bare);
  console.log(
    `upload ratio ours / bare: ${mean(uploadRates.ours).toFixed(0)} / ${mean(uploadRates.bare).toFixed(0)} = ` +
      `${upRatio.toFixed(2)} (target ≥ 0.5)`,
  );

  // Uncached reads: a distinct cursor per request (a position among the files uploaded above), so every
  // request misses the cache and runs the list query without a date filter, and answers a full page.
  const page = await (await ours.request({ method: 'GET', path: '/api/files', headers: auth })).body.text();
  const pageBytes = Buffer.byteLength(page);
  const span = Date.now() - uploadsFrom;
  const cursorPath = (i: number) => {
    const at = new Date(uploadsFrom + 1000 + ((i * 7919) % Math.max(1, span - 2000)));
    const cursor = Buffer.from(JSON.stringify([at.toISOString(), 'ffffffff-ffff-7fff-bfff-ffffffffffff']));
    return `/api/files?cursor=${cursor.toString('base64url')}`;
  };
  const ourList = (i: number) => ({ method: 'GET' as const, path: cursorPath(i), headers: auth });
  const bareList = () => ({ method: 'GET' as const, path: `/list?bytes=${pageBytes}` });
  console.log(
    `\n## Uncached GET /api/files (distinct cursor per request, ${pageBytes} B first page) vs bare Fastify ` +
      `sending as many bytes, concurrency ${concurrency}, ${values.duration} per row`,
  );
  await closedLoop(ours, 2000, ourList);
  await closedLoop(theirs, 2000, bareList);
  const listRows: string[][] = [];
  const listRates = { ours: [] as number[], bare: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    const o = await closedLoop(ours, durationMs, ourList);
    const b = await closedLoop(theirs, durationMs, bareList);
    listRates.ours.push(o.rps);
    listRates.bare.push(b.rps);
    listRows.push(rowOf(`ours (round ${round})`, o), rowOf(`bare (round ${round})`, b));
  }
  printTable(['target', 'req/s', 'p50 ms', 'p99 ms', 'failed'], listRows);
  const listShare = mean(listRates.ours) / mean(listRates.bare);
  console.log(
    `uncached list share ours / bare: ${mean(listRates.ours).toFixed(0)} / ${mean(listRates.bare).toFixed(0)} = ` +
      `${(100 * listShare).toFixed(0)} % (target ≥ 25 %)`,
  );
} finally {
  await Promise.all([ours.close(), theirs.close()]);
  bare.kill('SIGTERM');
  await server.stop();
}

function rowOf(name: string, rate: Rate): string[] {
  return [name, rate.rps.toFixed(0), rate.p50.toFixed(2), rate.p99.toFixed(2), String(rate.failed)];
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
}
