// Tenant fairness of the analysis queue, end to end over HTTP on one shard: a quiet tenant's upload → takeoff
// ready (the upload's 200 → its analysis `completed`) while a noisy tenant's backlog of drawings drains, and
// the same once the backlog is gone. The backlog is uploaded while no worker runs (so it is all queued when the
// workers start), then the server restarts with workers.
//   node --import tsx bench/fairness.bench.ts [--backlog 2000] [--samples 20]
// Database: fresh databases on TEST_DATABASE_URL (default: the local PostgreSQL 15).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabases } from '../test/support/databases.ts';
import { freePort, startServerProcess, type ServerProcess } from '../test/support/server-process.ts';

const { values } = parseArgs({
  options: { backlog: { type: 'string', default: '2000' }, samples: { type: 'string', default: '20' } },
});
const backlog = Number(values.backlog);
const samples = Number(values.samples);
const DRAWING = readFileSync(new URL('../../shared/drawings/hatches.dxf', import.meta.url));
const ADMIN = 'bench-admin-token-0123456789';

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const databases = await createTestDatabases(2); // control and one shard: both tenants share the queue
const dataDir = mkdtempSync(join(tmpdir(), 'cai-fair-'));
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const env = {
  DATABASE_URL: databases.urls[0]!,
  SHARD_DATABASE_URLS: databases.urls[1]!,
  DATA_DIR: dataDir,
  ADMIN_TOKEN: ADMIN,
  PORT: String(port),
  LOG_LEVEL: 'warn',
  LOG_REQUESTS: 'false',
  RATE_LIMIT_PER_SECOND: '1000000',
  RATE_LIMIT_BURST: '1000000',
  QUOTA_UPLOADS_PER_DAY: '1000000',
};

async function createTenant(name: string): Promise<Record<string, string>> {
  const response = await fetch(`${baseUrl}/api/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const { apiKey } = (await response.json()) as { apiKey: string };
  return { authorization: `Bearer ${apiKey}` };
}

async function upload(headers: Record<string, string>, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([DRAWING]), name);
  const response = await fetch(`${baseUrl}/api/files/upload`, { method: 'POST', headers, body: form });
  if (response.status !== 200) throw new Error(`upload: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { file_id: string }).file_id;
}

/** Upload → analysis completed (ms), polling every 10 ms. */
async function uploadToReady(headers: Record<string, string>, i: number): Promise<number> {
  const fileId = await upload(headers, `quiet-${i}.dxf`);
  const answered = performance.now();
  for (;;) {
    const response = await fetch(`${baseUrl}/api/files/${fileId}/analysis`, { headers });
    const { status } = (await response.json()) as { status: string };
    if (status === 'completed' || status === 'failed') return performance.now() - answered;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function queuedAnalyses(): Promise<number> {
  const text = await (
    await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })
  ).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('jobs_queued{') && l.includes('queue="analyze_file"'));
  return Number(line?.split(' ').pop() ?? NaN);
}

async function quietRun(headers: Record<string, string>): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await uploadToReady(headers, i));
  times.sort((a, b) => a - b);
  const at = (p: number) =>
    times[Math.min(times.length - 1, Math.floor((times.length * p) / 100))]!.toFixed(0);
  return `p50 ${at(50)} ms, p95 ${at(95)} ms, max ${times.at(-1)!.toFixed(0)} ms`;
}

let server: ServerProcess | undefined;
try {
  server = await startServerProcess({ ...env, WORKER_ENABLED: 'false' });
  const noisy = await createTenant('noisy');
  const quiet = await createTenant('quiet');
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < backlog) await upload(noisy, `noisy-${next++}.dxf`);
    }),
  );
  console.log(
    `noisy tenant: ${backlog} uploads queued in ${((performance.now() - started) / 1000).toFixed(1)} s (no worker)`,
  );
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server!.child.once('exit', resolve));

  server = await startServerProcess({ ...env, WORKER_ENABLED: 'true' });
  const drainStart = performance.now();
  const during = await quietRun(quiet);
  const left = await queuedAnalyses();
  console.log(
    `quiet tenant, ${samples} uploads one after another, upload → takeoff ready, behind a ${backlog}-file backlog: ${during}` +
      ` (noisy jobs still queued at the end: ${left})`,
  );
  while ((await queuedAnalyses()) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  const drainSeconds = (performance.now() - drainStart) / 1000;
  console.log(
    `noisy backlog drained in ${drainSeconds.toFixed(1)} s (${(backlog / drainSeconds).toFixed(0)} analyses/s)`,
  );
  const alone = await quietRun(quiet);
  console.log(
    `quiet tenant, ${samples} uploads one after another, upload → takeoff ready, no backlog: ${alone}`,
  );
} finally {
  server?.child.kill('SIGTERM');
  if (server) await new Promise((resolve) => server!.child.once('exit', resolve));
  await databases.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
