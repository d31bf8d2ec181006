import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { manyLinesDxf } from '../fixtures/drawings/hostile.fixture.ts';
import { buildRoomDxf, FIXTURE_UNITS, type FixtureUnit } from '../fixtures/drawings/room.fixture.ts';
import { createTenant, startFaultStack, until, uploadFile } from './support/fault-stack.ts';
import { recordScenario } from './support/reliability-report.ts';

/** The heap of each analysis thread (MB): the hostile drawing needs far more, the others far less. */
const HEAP_MB = 64;
/** Lines of the hostile drawing: about 4 MB of DXF whose model outgrows {@link HEAP_MB} (the thread dies). */
const HOSTILE_LINES = 120_000;
const THREADS = 2;

interface Analysis {
  status: string;
  attempts: number;
  error: { code: string; message: string } | null;
}

/** Ordinary drawings of known content: rooms in every unit and drawing style, and plans of several hundred lines. */
function ordinaryDrawings(count: number): Array<{ filename: string; content: string }> {
  const units = Object.keys(FIXTURE_UNITS) as FixtureUnit[];
  const styles = ['lines', 'polylines', 'gapped'] as const;
  return Array.from({ length: count }, (_, i) =>
    i % 4 === 3
      ? { filename: `plan-${i}.dxf`, content: manyLinesDxf(400 + i * 20) }
      : {
          filename: `room-${i}.dxf`,
          content: buildRoomDxf({ unit: units[i % units.length]!, walls: styles[i % styles.length] }),
        },
  );
}

test('a drawing that kills its analysis thread (heap limit) fails alone: every other job completes exactly once, the pool keeps working', async (t) => {
  const stack = await startFaultStack(t, {
    env: { ANALYSIS_MAX_MEMORY_MB: String(HEAP_MB), ANALYSIS_WORKERS: String(THREADS) },
  });
  const { headers } = await createTenant(stack.baseUrl);
  const analysisOf = async (id: string) =>
    (await (await fetch(`${stack.baseUrl}/api/files/${id}/analysis`, { headers })).json()) as Analysis;
  const finished = (a: Analysis) => a.status === 'completed' || a.status === 'failed';

  // ordinary drawings first and after, so some are in flight beside the hostile one and some wait behind it
  const drawings = ordinaryDrawings(24);
  const before: string[] = [];
  for (const d of drawings.slice(0, 6))
    before.push(await uploadFile(stack.baseUrl, headers, d.filename, d.content));
  const startedAt = Date.now();
  const hostileId = await uploadFile(stack.baseUrl, headers, 'hostile.dxf', manyLinesDxf(HOSTILE_LINES));
  const after = await Promise.all(
    drawings.slice(6).map((d) => uploadFile(stack.baseUrl, headers, d.filename, d.content)),
  );
  const others = [...before, ...after];
  const hostileMs = await until(async () => finished(await analysisOf(hostileId)), 120_000);
  await until(async () => (await Promise.all(others.map(analysisOf))).every(finished), 120_000);
  const allMs = Date.now() - startedAt;

  // the pool after the crash: new drawings are analysed in the replacement thread
  const later = await Promise.all(
    ordinaryDrawings(THREADS * 2).map((d) =>
      uploadFile(stack.baseUrl, headers, `later-${d.filename}`, d.content),
    ),
  );
  await until(async () => (await Promise.all(later.map(analysisOf))).every(finished), 60_000);

  const hostile = await analysisOf(hostileId);
  const results = await Promise.all(
    [...others, ...later].map(async (id) => ({ id, ...(await analysisOf(id)) })),
  );
  const shard = new pg.Client({ connectionString: stack.postgres.url('cai_shard_0') });
  await shard.connect();
  t.after(() => shard.end());
  // every job of the queue: one per upload, each run once (no retry after an expiry or a crash)
  const jobs = await shard.query<{ file_id: string; state: string; retry_count: number }>(
    `SELECT data->>'fileId' AS file_id, state, retry_count FROM pgboss.job WHERE name = 'analyze_file'
     UNION ALL SELECT data->>'fileId', state, retry_count FROM pgboss.archive WHERE name = 'analyze_file'`,
  );
  const notOnce = results.filter((r) => r.status !== 'completed' || r.attempts !== 1);
  const rerun = jobs.rows.filter((job) => job.state !== 'completed' || job.retry_count !== 0);
  recordScenario({
    scenario: 'Analysis thread killed by a hostile drawing',
    load: `${others.length} ordinary drawings around it, ${later.length} after, ${THREADS} threads of ${HEAP_MB} MB`,
    fault: `DXF of ${HOSTILE_LINES.toLocaleString('en')} lines: its thread passes the heap limit and dies`,
    failed: notOnce.length,
    slow: 0,
    slowBoundMs: 0,
    lost: results.filter((r) => r.status !== 'completed').length,
    recoveryMs: hostileMs,
    notes: `hostile: ${hostile.status} ${hostile.error?.code ?? ''} after ${hostileMs} ms (recovery = upload to its failure); all ${others.length} done in ${allMs} ms; ${jobs.rows.length} jobs, ${rerun.length} run more than once`,
  });

  assert.equal(hostile.status, 'failed');
  assert.equal(hostile.error?.code, 'OUT_OF_MEMORY');
  assert.match(hostile.error?.message ?? '', new RegExp(`more than ${HEAP_MB} MB`));
  assert.equal(hostile.attempts, 1, 'the hostile drawing is not retried: it would kill a thread again');
  assert.deepEqual(notOnce, [], 'every other drawing is analysed once, completed');
  assert.equal(jobs.rows.length, results.length + 1, 'one job per upload');
  assert.deepEqual(rerun, [], 'no job ran twice');
});
