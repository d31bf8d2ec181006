import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatencyRecorder } from './latency.recorder.ts';
import { analyze, steadyWindow } from './report.analyzer.ts';
import type { EndpointName } from './workload.catalog.ts';

type Sample = { recorder: 0 | 1; endpoint: EndpointName; latencyMs: number; status: `${number}` };

// Two generator threads. Thread 0: 900 list @ 10 ms, 95 analysis @ 1000 ms (200) and 5 analysis @ 1000 ms (500).
// Thread 1: 1000 list @ 20 ms. Completions per second: 100, 150, then 200 for eight seconds, then 150.
function knownSnapshots() {
  const samples: Sample[] = [
    ...Array.from({ length: 900 }, (): Sample => ({
      recorder: 0,
      endpoint: 'list',
      latencyMs: 10,
      status: '200',
    })),
    ...Array.from({ length: 100 }, (_, i): Sample => ({
      recorder: 0,
      endpoint: 'analysis',
      latencyMs: 1000,
      status: i < 5 ? '500' : '200',
    })),
    ...Array.from({ length: 1000 }, (): Sample => ({
      recorder: 1,
      endpoint: 'list',
      latencyMs: 20,
      status: '200',
    })),
  ];
  // Interleave deterministically so each second holds a mix of endpoints and threads.
  const order = samples
    .map((s, i) => ({ s, key: (i % 7) * samples.length + i }))
    .sort((a, b) => a.key - b.key);
  const perSecond = [100, 150, 200, 200, 200, 200, 200, 200, 200, 200, 150];
  const recorders = [new LatencyRecorder(0), new LatencyRecorder(0)];
  let next = 0;
  perSecond.forEach((count, second) => {
    for (let i = 0; i < count; i++) {
      const s = order[next++]!.s;
      const end = second * 1000 + (i * 1000) / count + 1;
      recorders[s.recorder]!.record(s.endpoint, s.status, end - s.latencyMs, end);
    }
  });
  assert.equal(next, samples.length);
  // Snapshots cross thread boundaries as structured clones; JSON is a stricter stand-in.
  return recorders.map((r) => JSON.parse(JSON.stringify(r.snapshot())) as ReturnType<typeof r.snapshot>);
}

void test('aggregate percentiles come from the merged distribution, not averaged per endpoint', () => {
  const a = analyze(knownSnapshots(), { startS: 2, endS: 10 });
  assert.equal(a.aggregate.requests, 2000);
  // 900 @ 10 ms, 1000 @ 20 ms, 100 @ 1000 ms: p50 and p95 fall in the 20 ms group, p99 in the slow group.
  assert.ok(Math.abs(a.aggregate.latency.p50 - 20) < 0.05, `p50 ${a.aggregate.latency.p50}`);
  assert.ok(Math.abs(a.aggregate.latency.p95 - 20) < 0.05, `p95 ${a.aggregate.latency.p95}`);
  assert.ok(Math.abs(a.aggregate.latency.p99 - 1000) < 1, `p99 ${a.aggregate.latency.p99}`);
  assert.ok(Math.abs(a.aggregate.latency.max - 1000) < 1);
  // The seed's analyzer would report the mean of per-endpoint p95s: (20 + 1000) / 2 = 510 ms.
  const list = a.endpoints.find((e) => e.endpoint === 'list')!;
  const analysis = a.endpoints.find((e) => e.endpoint === 'analysis')!;
  assert.equal(list.requests, 1900);
  assert.ok(Math.abs(list.latency.p50 - 20) < 0.05 && Math.abs(list.latency.p95 - 20) < 0.05);
  assert.ok(Math.abs(analysis.latency.p95 - 1000) < 1);
});

void test('error rate counts non-2xx responses over all requests, by status', () => {
  const a = analyze(knownSnapshots(), { startS: 2, endS: 10 });
  assert.equal(a.aggregate.failures, 5);
  assert.deepEqual(a.aggregate.failuresByStatus, { '500': 5 });
  assert.equal(a.aggregate.errorRatePct, 0.25);
  const analysis = a.endpoints.find((e) => e.endpoint === 'analysis')!;
  assert.equal(analysis.errorRatePct, 5);
});

void test('throughput is requests per second over the steady state only', () => {
  const a = analyze(knownSnapshots(), steadyWindow(11, 2));
  assert.deepEqual(a.steady, { startS: 2, endS: 10 });
  // Steady seconds 2..9 hold 200 each; the naive total/duration would be 2000 / 11 ≈ 182.
  assert.equal(a.aggregate.steadyRps, 200);
  const sum = a.endpoints.reduce((s, e) => s + e.steadyRps, 0);
  assert.ok(Math.abs(sum - 200) < 1e-9);
  assert.equal(a.timeline.length, 11);
  assert.deepEqual(
    a.timeline.map((p) => p.rps),
    [100, 150, 200, 200, 200, 200, 200, 200, 200, 200, 150],
  );
});

void test('steadyWindow drops ramp-up and the last second, and falls back for very short runs', () => {
  assert.deepEqual(steadyWindow(600, 20), { startS: 20, endS: 599 });
  assert.deepEqual(steadyWindow(120, 1.5), { startS: 2, endS: 119 });
  assert.deepEqual(steadyWindow(2, 5), { startS: 0, endS: 2 });
});
