import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import Fastify from 'fastify';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { runGenerator, type GeneratorPlan, type GeneratorResult } from './generator.core.ts';
import { nowMs } from './request.runner.ts';
import { analyze } from './report.analyzer.ts';

// Freezes once for 500 ms, 600 ms after its first request: every request arriving during the freeze
// waits for its end, as in a GC pause or a lock.
async function stallingServer(t: TestContext): Promise<string> {
  const app = Fastify();
  let firstAt: number | undefined;
  let stall: Promise<void> | undefined;
  app.all('*', async () => {
    firstAt ??= Date.now();
    if (!stall && Date.now() - firstAt >= 600) stall = new Promise((r) => setTimeout(r, 500));
    if (stall) await stall;
    return { ok: true };
  });
  t.after(() => app.close());
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function plan(t: TestContext) {
  return {
    baseUrl: await stallingServer(t),
    connections: 4,
    startAt: nowMs() + 50,
    durationMs: 2000,
    drainMs: 2000,
  };
}

/** How many recorded latencies are at least `micros`, read off the merged histograms' percentile curve. */
function countAtLeast(result: GeneratorResult, micros: number): number {
  let n = 0;
  for (const e of Object.values(result.snapshot.endpoints)) {
    const h = decodeFromCompressedBase64(e.histogram);
    let [below, above] = [0, 100];
    for (let i = 0; i < 40; i++) {
      const mid = (below + above) / 2;
      if (h.getValueAtPercentile(mid) < micros) below = mid;
      else above = mid;
    }
    n += Math.round(h.totalCount * (1 - below / 100));
  }
  return n;
}

void test('open mode reports a 500 ms stall that a closed loop hides', async (t) => {
  const closedPlan: GeneratorPlan = {
    ...(await plan(t)),
    workload: { kind: 'api', mix: 'reads', apiKeys: ['k'], fileIds: [['f']] },
    mode: 'users',
    users: 1,
    spawnRate: 1000,
    thinkMinMs: 5,
    thinkMaxMs: 5,
  };
  const openPlan: GeneratorPlan = {
    ...(await plan(t)),
    workload: { kind: 'static', path: '/' },
    mode: 'open',
    rate: 200,
    maxInFlight: 10_000,
  };
  const [closed, open] = await Promise.all([runGenerator(closedPlan), runGenerator(openPlan)]);
  const c = analyze([closed.snapshot], { startS: 0, endS: 2 }).aggregate;
  const o = analyze([open.snapshot], { startS: 0, endS: 2 }).aggregate;

  assert.equal(open.health.missedSlots, 0);
  assert.equal(o.failures + c.failures, 0);
  // Both see the stall as their maximum...
  assert.ok(o.latency.max >= 450, `open max ${o.latency.max}`);
  assert.ok(c.latency.max >= 450, `closed max ${c.latency.max}`);
  // ...but ~100 requests were due during it: the open model puts them all in its tail,
  // while the closed loop, which waited instead of sending, recorded one slow request.
  assert.ok(o.latency.p99 >= 400, `open p99 ${o.latency.p99}`);
  assert.ok(o.latency.p90 >= 100, `open p90 ${o.latency.p90}`);
  assert.ok(countAtLeast(open, 100_000) >= 50, `open slow ${countAtLeast(open, 100_000)}`);
  assert.equal(countAtLeast(closed, 400_000), 1);
});
