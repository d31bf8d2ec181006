import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import Fastify from 'fastify';
import { startApiStub } from './api-stub.fixture.ts';
import { runGenerator } from './generator.core.ts';
import { runLoadtestCommand, type LoadtestReport } from './index.ts';
import { checkBaseUrl, parseDuration, parseOptions } from './options.parser.ts';
import { nowMs } from './request.runner.ts';

/** A temporary folder removed after `t`. */
async function tempDir(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function run(t: TestContext, args: string[], failEverySearch = 0) {
  // Setup warms search-similar twice per tenant (2 tenants); failures start after that.
  const { app, baseUrl } = await startApiStub({ adminToken: 'adm', failEverySearch, failAfterSearches: 4 });
  t.after(() => app.close());
  const out = await tempDir(t, 'loadtest-');
  const code = await runLoadtestCommand([
    ...['--base-url', baseUrl, '--admin-token', 'adm', '--out', out, '--tenants', '2', '--seed-files', '3'],
    ...['--drain', '2s', ...args],
  ]);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as LoadtestReport;
  return { code, report, out };
}

void test('open mode on two worker threads: reads only, merged report, passing verdict, exit 0', async (t) => {
  const slo = join(await tempDir(t, 'slo-'), 'slo.json');
  // bounds a loaded CI machine meets: what is tested is the verdict on merged threads, not this machine's speed
  await writeFile(
    slo,
    JSON.stringify({ cacheHitRatePct: 70, minThroughputRps: { open: 100 }, p95Ms: 10_000, p99Ms: 10_000 }),
  );
  const { code, report, out } = await run(t, [
    ...['--mode', 'open', '--rate', '200', '--mix', 'reads', '--duration', '3s', '--warmup', '1s'],
    ...['--workers', '2', '--slo', slo],
  ]);
  assert.equal(code, 0, JSON.stringify(report.verdict));
  assert.deepEqual(
    report.analysis.endpoints.map((e) => e.endpoint),
    ['analysis', 'list', 'search-similar'],
  );
  assert.equal(report.generator.threads, 2);
  assert.equal(report.generator.eventLoopUtilization.length, 2);
  assert.equal(report.generator.intended, 600);
  assert.equal(report.analysis.aggregate.requests, 600);
  assert.ok(
    Math.abs(report.analysis.aggregate.steadyRps - 200) < 100,
    `${report.analysis.aggregate.steadyRps}`,
  );
  // The stub counts list/analysis as hits and search-similar as misses: 8 of 10 by weight.
  assert.ok(report.server!.cacheHitRatePct! > 70 && report.server!.cacheHitRatePct! < 90);
  const html = await readFile(join(out, 'report.html'), 'utf8');
  assert.match(html, /<svg[^>]*>.*Latency per second/s);
  assert.doesNotMatch(html, /<script|<link|\ssrc=/);
});

void test('users mode counts server errors by status, follows uploads to their analysis, exit 1 on failure', async (t) => {
  const { code, report, out } = await run(
    t,
    ['--mode', 'users', '--users', '60', '--spawn-rate', '60', '--duration', '3s'],
    /* failEverySearch */ 2,
  );
  assert.equal(code, 1);
  const search = report.analysis.endpoints.find((e) => e.endpoint === 'search-similar')!;
  assert.ok(search.failures > 0);
  assert.deepEqual(Object.keys(report.analysis.aggregate.failuresByStatus), ['500']);
  const errorCheck = report.verdict!.checks.find((c) => c.target.startsWith('error rate'))!;
  assert.equal(errorCheck.pass, false);
  assert.ok(report.analysis.endpoints.some((e) => e.endpoint === 'upload'));
  // Every upload answered 200 reached analysis_completed on the tenant's event stream (50 ms later in the stub).
  const pipeline = report.pipeline!;
  assert.ok(pipeline.accepted > 0);
  assert.equal(pipeline.finished, pipeline.accepted);
  assert.equal(pipeline.unfinished, 0);
  assert.deepEqual(pipeline.streamErrors, []);
  // about the stub's 50 ms, less when the 200 itself reached the client late (a loaded machine)
  assert.ok(pipeline.readyMs!.p50 > 0 && pipeline.readyMs!.p50 < 5_000, `ready p50 ${pipeline.readyMs!.p50}`);
  assert.ok(pipeline.drainedAfterS !== null);
  assert.ok(pipeline.backlog.length >= 3);
  const readyCheck = report.verdict!.checks.find((c) => c.target.startsWith('upload→takeoff-ready'))!;
  assert.equal(readyCheck.pass, true, readyCheck.actual);
  assert.ok(report.verdict!.checks.some((c) => c.target.startsWith('analysis backlog empty')));
  const html = await readFile(join(out, 'report.html'), 'utf8');
  assert.match(html, /<svg[^>]*>.*Analysis backlog/s);
});

void test('a hanging server cannot hold the run: requests are cut at the hard stop and counted', async (t) => {
  const app = Fastify();
  app.get('/', () => new Promise(() => {}));
  t.after(() => app.close());
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const started = nowMs();
  const result = await runGenerator({
    baseUrl,
    connections: 4,
    workload: { kind: 'static', path: '/' },
    startAt: nowMs(),
    durationMs: 1000,
    drainMs: 500,
    mode: 'open',
    rate: 20,
    maxInFlight: 10_000,
  });
  assert.ok(nowMs() - started < 2500, `took ${nowMs() - started} ms`);
  assert.equal(result.health.aborted, 20);
  assert.deepEqual(result.snapshot.endpoints.hello?.statuses, { aborted: 20 });
});

void test('options: loopback only unless allowed, durations, defaults per mode', () => {
  assert.equal(checkBaseUrl('http://localhost:3000/x', false), 'http://localhost:3000');
  assert.equal(checkBaseUrl('http://[::1]:3000', false), 'http://[::1]:3000');
  assert.throws(() => checkBaseUrl('http://10.0.0.5:3000', false), /non-loopback/);
  assert.equal(checkBaseUrl('http://10.0.0.5:3000', true), 'http://10.0.0.5:3000');
  assert.equal(parseDuration('10m'), 600_000);
  assert.equal(parseDuration('120s'), 120_000);
  assert.throws(() => parseDuration('ten'));
  const open = parseOptions(['--mode', 'open', '--mix', 'reads'], {});
  assert.equal(open.rate, 10_000);
  assert.equal(open.connections, 128);
  const users = parseOptions(['--users', '300'], { ADMIN_TOKEN: 'x' });
  assert.equal(users.connections, 300);
  assert.equal(users.adminToken, 'x');
});

void test('usage errors exit 2 without touching the network', async () => {
  assert.equal(await runLoadtestCommand(['--base-url', 'http://example.com']), 2);
  assert.equal(await runLoadtestCommand(['--bogus']), 2);
});
