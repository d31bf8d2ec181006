// Files API on a real server process (fresh databases on TEST_DATABASE_URL, default local PostgreSQL 15):
//  1. upload throughput of the seed's 16 KB file at a few concurrencies;
//  2. GET /api/files, cached and uncached, vs bare Fastify (hello-world, and a body as large as the list page),
//     same generator and connections;
//  3. cache hit rate of GET /api/files under a Zipf-skewed key mix.
//   node --import tsx bench/http-files.bench.ts [--rate 6000,9000,12000] [--uncached-rate 500,1000,2000]
//     [--duration 10s] [--uploads 300] [--redis]
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { parseDuration } from '../loadtest/index.ts';
import {
  counterSum,
  createBenchTenant,
  measureOpen,
  printTable,
  startBenchServer,
  type Measurement,
} from './support.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '6000,9000,12000' },
    'uncached-rate': { type: 'string', default: '500,1000,2000' },
    duration: { type: 'string', default: '10s' },
    uploads: { type: 'string', default: '300' },
    redis: { type: 'boolean', default: false },
  },
});
const rates = values.rate.split(',').map(Number);
const uncachedRates = values['uncached-rate'].split(',').map(Number);
const durationMs = parseDuration(values.duration);
const server = await startBenchServer(values.redis ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {});
const hello = fork(new URL('./ceiling.server.ts', import.meta.url), {
  execArgv: ['--import', import.meta.resolve('tsx')],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const helloUrl = await new Promise<string>((resolve) =>
  hello.once('message', (m: { address: string }) => resolve(m.address)),
);

try {
  const apiKey = await createBenchTenant(server);
  const headers = { authorization: `Bearer ${apiKey}` };
  const file = new Blob([Buffer.from('DWG_FILE_CONTENT'.repeat(1000))]);

  console.log(
    `\n## Upload throughput (16 KB, ${values.uploads} files per row, server: 1 process, workers on)`,
  );
  const uploadRows: string[][] = [];
  for (const concurrency of [1, 8, 32]) {
    const total = Number(values.uploads);
    let next = 0;
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < total) {
          const form = new FormData();
          form.append('file', file, 'test.dwg');
          const response = await fetch(`${server.baseUrl}/api/files/upload`, {
            method: 'POST',
            headers,
            body: form,
          });
          await response.arrayBuffer();
          if (response.status !== 200) failed++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    uploadRows.push([
      String(concurrency),
      String(total),
      (total / seconds).toFixed(0),
      ((total * 16) / 1024 / seconds).toFixed(2),
      String(failed),
    ]);
  }
  printTable(['concurrency', 'files', 'files/s', 'MB/s', 'failed'], uploadRows);

  const uncachedPaths = Array.from(
    { length: 200_000 },
    (_, i) => `/api/files?limit=20&created_to=${new Date(Date.UTC(2100, 0, 1) + i).toISOString()}`,
  );
  const zipfPaths = Array.from(
    { length: 2000 },
    (_, i) =>
      `/api/files?limit=${(i % 50) + 1}&created_to=${new Date(Date.UTC(2100, 0, 1) + Math.floor(i / 50)).toISOString()}`,
  );
  const row = (name: string, m: Measurement) => [
    name,
    String(m.offered),
    m.achieved.toFixed(0),
    m.p50.toFixed(2),
    m.p95.toFixed(2),
    m.p99.toFixed(2),
    m.max.toFixed(1),
    String(m.failures),
  ];

  console.log(
    `\n## GET /api/files vs bare Fastify (open model, 64 connections, ${values.duration} per row, latency ms from intended send)`,
  );
  const listBytes = (await (await fetch(`${server.baseUrl}/api/files`, { headers })).arrayBuffer())
    .byteLength;
  const sameBody = `bare Fastify, ${listBytes} B body`;
  const measured: Array<{ name: string; m: Measurement }> = [];
  for (const rate of rates) {
    measured.push({
      name: 'hello-world',
      m: await measureOpen(helloUrl, { kind: 'static', path: '/' }, rate, durationMs),
    });
    measured.push({
      name: sameBody,
      m: await measureOpen(helloUrl, { kind: 'static', path: `/bytes/${listBytes}` }, rate, durationMs),
    });
    measured.push({
      name: 'GET /api/files cached',
      m: await measureOpen(server.baseUrl, { kind: 'static', path: '/api/files', headers }, rate, durationMs),
    });
  }
  for (const rate of uncachedRates) {
    measured.push({
      name: 'GET /api/files uncached',
      m: await measureOpen(
        server.baseUrl,
        { kind: 'static', path: '/', paths: uncachedPaths, headers },
        rate,
        durationMs,
      ),
    });
  }
  printTable(
    ['target', 'offered/s', 'achieved/s', 'p50', 'p95', 'p99', 'max', 'failed'],
    measured.map(({ name, m }) => row(name, m)),
  );

  // Sustained: the highest offered rate served in full (≥ 99 %) with p99 < 200 ms and no failure.
  // Saturation: the most responses per second seen at any offered rate (what a closed-loop tool reports).
  const rowsOf = (name: string) => measured.filter((row) => row.name === name).map(({ m }) => m);
  const sustained = (name: string) =>
    Math.max(
      0,
      ...rowsOf(name)
        .filter((m) => m.achieved >= 0.99 * m.offered && m.p99 < 200 && !m.failures)
        .map((m) => m.offered),
    );
  const saturation = (name: string) => Math.max(0, ...rowsOf(name).map((m) => m.achieved));
  const share = (value: number, of: number) => (of ? `${((100 * value) / of).toFixed(0)} %` : 'n/a');
  console.log(
    '\n## Highest sustained rate (≥ 99 % served, p99 < 200 ms, no failures), saturation, share of bare',
  );
  printTable(
    ['target', 'sustained/s', 'of hello-world', 'saturation/s', 'of hello-world'],
    ['hello-world', sameBody, 'GET /api/files cached', 'GET /api/files uncached'].map((name) => [
      name,
      String(sustained(name)),
      share(sustained(name), sustained('hello-world')),
      saturation(name).toFixed(0),
      share(saturation(name), saturation('hello-world')),
    ]),
  );

  console.log('\n## Hit rate of GET /api/files under a Zipf(1.1) mix of 2000 distinct list keys');
  const hitsBefore = await counterSum(server, 'cache_hits_total', 'kind="file_list"');
  const missesBefore = await counterSum(server, 'cache_misses_total', 'kind="file_list"');
  const zipf = await measureOpen(
    server.baseUrl,
    { kind: 'static', path: '/', paths: zipfPaths, zipf: 1.1, headers },
    rates[0]!,
    durationMs,
  );
  const hits = (await counterSum(server, 'cache_hits_total', 'kind="file_list"')) - hitsBefore;
  const misses = (await counterSum(server, 'cache_misses_total', 'kind="file_list"')) - missesBefore;
  printTable(
    ['mix', 'offered/s', 'achieved/s', 'p95', 'p99', 'hits', 'misses', 'hit rate'],
    [
      [
        'zipf 1.1 / 2000 keys',
        String(zipf.offered),
        zipf.achieved.toFixed(0),
        zipf.p95.toFixed(2),
        zipf.p99.toFixed(2),
        String(hits),
        String(misses),
        `${((100 * hits) / Math.max(1, hits + misses)).toFixed(1)} %`,
      ],
    ],
  );
} finally {
  hello.kill('SIGTERM');
  await server.stop();
}
