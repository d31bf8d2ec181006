import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDeps } from '../../src/deps.ts';
import { ADMIN_TOKEN, eventually, multipartFile, startTestApp } from '../support/test-app.ts';

const DXF = '  0\nSECTION\n  2\nENTITIES\n  0\nENDSEC\n  0\nEOF\n';

/** The value of the first sample of `metric` whose line contains every one of `labels`. */
function sample(text: string, metric: string, ...labels: string[]): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(metric) && labels.every((label) => l.includes(label)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

test('/metrics: queue depth and oldest job age while uploads wait; upload → takeoff ready once analysed', async (t) => {
  const ctx = await startTestApp({ WORKER_ENABLED: 'false' });
  t.after(() => ctx.close());
  const tenant = await ctx.createTenant();
  for (const name of ['a.dxf', 'b.dxf']) {
    const body = multipartFile(name, DXF);
    const uploaded = await ctx.app.inject({
      method: 'POST',
      url: '/api/files/upload',
      headers: { ...tenant.headers, ...body.headers },
      payload: body.payload,
    });
    assert.equal(uploaded.statusCode, 200);
  }
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const scrape = async () =>
    (await ctx.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body;
  const waiting = await scrape();
  const queued = [0, 1].map((shard) =>
    sample(waiting, 'jobs_queued{', `shard="${shard}"`, 'queue="analyze_file"'),
  );
  assert.equal((queued[0] ?? 0) + (queued[1] ?? 0), 2, waiting);
  const oldest = Math.max(
    ...[0, 1].map(
      (shard) =>
        sample(waiting, 'jobs_oldest_queued_age_seconds{', `shard="${shard}"`, 'queue="analyze_file"') ?? 0,
    ),
  );
  assert.ok(oldest >= 1, `oldest queued job ${oldest} s`);

  const worker = await buildDeps(ctx.config, { runWorkers: true, log: () => undefined });
  t.after(() => worker.close());
  const text = await eventually(async () => {
    const metrics = await worker.metricsText();
    return sample(metrics, 'upload_to_takeoff_ready_seconds_count', 'outcome="completed"') === 2
      ? metrics
      : undefined;
  });
  assert.ok((sample(text, 'upload_to_takeoff_ready_seconds_sum', 'outcome="completed"') ?? 0) >= 2);
  const drained = await scrape();
  for (const shard of [0, 1])
    assert.equal(sample(drained, 'jobs_queued{', `shard="${shard}"`, 'queue="analyze_file"'), 0);
});
