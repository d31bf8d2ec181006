import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { manyLinesDxf } from '../fixtures/drawings/hostile.fixture.ts';
import { freshServerEnv, startServerProcess } from '../support/server-process.ts';
import { ADMIN_TOKEN, eventually } from '../support/test-app.ts';

const LINES = 60_000; // a drawing that takes long enough to be caught mid-analysis

test('a server killed mid-analysis: after restart the job runs again and leaves exactly one result', async (t) => {
  const { env: base, baseUrl } = await freshServerEnv(t, 1);
  // the shortest expiry allowed: the held job is given up and retried soon after the restart
  const env: Record<string, string> = { ...base, WORKER_ENABLED: 'true', JOB_EXPIRE_SECONDS: '10' };
  const { child: first } = await startServerProcess(env);
  const restarted: ChildProcess[] = [];
  t.after(() => {
    first.kill('SIGKILL');
    for (const child of restarted) child.kill('SIGTERM');
  });
  const tenant = (await (
    await fetch(`${baseUrl}/api/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Crash' }),
    })
  ).json()) as { apiKey: string; tenantId: string };
  const headers = { authorization: `Bearer ${tenant.apiKey}` };
  const form = new FormData();
  form.append('file', new Blob([manyLinesDxf(LINES)]), 'long.dxf');
  const uploaded = await fetch(`${baseUrl}/api/files/upload`, { method: 'POST', headers, body: form });
  assert.equal(uploaded.status, 200);
  const { file_id: fileId } = (await uploaded.json()) as { file_id: string };
  const analysisOf = async () =>
    (await (await fetch(`${baseUrl}/api/files/${fileId}/analysis`, { headers })).json()) as {
      status: string;
      result?: { measurements: { layers: Record<string, { entities: Record<string, number> }> } };
    };

  // kill -9 while the worker thread is inside the analysis
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { status } = await analysisOf();
    if (status === 'processing') break;
    assert.ok(
      status === 'pending' && Date.now() < deadline,
      `the analysis was not caught running (${status})`,
    );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));

  restarted.push((await startServerProcess(env)).child);
  const analysis = await eventually(async () => {
    const a = await analysisOf();
    return a.status === 'completed' || a.status === 'failed' ? a : undefined;
  }, 90_000);
  assert.equal(analysis.status, 'completed');
  assert.equal(analysis.result?.measurements.layers['A-WALL']?.entities.LINE, LINES);

  const shard = new pg.Client({ connectionString: env.SHARD_DATABASE_URLS });
  await shard.connect();
  try {
    const rows = await shard.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM file_analyses WHERE file_id = $1',
      [fileId],
    );
    assert.deepEqual(rows.rows, [{ status: 'completed', attempts: 2 }], 'one result, from the second run');
    // completions are written in batches, just after the handler's own transaction
    const jobs = await eventually(async () => {
      const found = await shard.query<{ state: string; retry_count: number }>(
        `SELECT state, retry_count FROM pgboss.job WHERE name = 'analyze_file' AND data->>'fileId' = $1`,
        [fileId],
      );
      return found.rows.some((row) => row.state === 'active') ? undefined : found;
    });
    assert.deepEqual(
      jobs.rows,
      [{ state: 'completed', retry_count: 1 }],
      'one job, run twice, completed once',
    );
  } finally {
    await shard.end();
  }
});
