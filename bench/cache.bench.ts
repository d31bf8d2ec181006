// Cache facade costs (no HTTP): getOrSet hit throughput from L1 alone and with the Redis L2 configured,
// the cost of a miss (loader is free, so this is pure cache overhead incl. the Redis write), the cost of an
// L2 hit (another process's entry promoted into memory), and the hit rate of a Zipf-like key mix.
//   node --import tsx bench/cache.bench.ts [--seconds 2] [--redis redis://127.0.0.1:6379]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { createCache, tenantKey, type AppCache } from '../src/cache/index.ts';
import { openRedis, type RedisConnection } from '../src/redis/index.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});
const seconds = Number(values.seconds);
const value = {
  id: 'f',
  name: 'drawing.dxf',
  size: 123_456,
  layers: Array.from({ length: 20 }, (_, i) => `L${i}`),
};
const load = (): Promise<typeof value> => Promise.resolve(value);

/** Sequential awaited calls for about `seconds`; returns operations per second. */
async function rate(op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2000; i++) await op(i);
  const start = performance.now();
  const end = start + seconds * 1000;
  let count = 0;
  while (performance.now() < end) {
    for (let j = 0; j < 100; j++) await op(count + j);
    count += 100;
  }
  return count / ((performance.now() - start) / 1000);
}

/** Average microseconds per call over `n` distinct keys. */
async function perCall(n: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  return ((performance.now() - start) * 1000) / n;
}

/** Zipf(s) sampler over ranks 1..n by inverse CDF. */
function zipf(n: number, s: number): () => number {
  const cdf: number[] = [];
  let sum = 0;
  for (let k = 1; k <= n; k++) cdf.push((sum += 1 / k ** s));
  return () => {
    const u = Math.random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 0) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

async function measure(label: string, redisUrl: string | undefined): Promise<string[]> {
  const prefix = `bench:${randomBytes(4).toString('hex')}`;
  // each cache gets its own connection, as two processes would
  const connections = redisUrl ? [openRedis({ url: redisUrl }), openRedis({ url: redisUrl })] : [];
  const open = (redis?: RedisConnection): Promise<AppCache> =>
    createCache({ prefix, registry: new Registry(), redis, l1MaxBytes: 32 * 1024 * 1024 });
  const cache = await open(connections[0]);
  const other = connections[1] && (await open(connections[1]));
  try {
    const hot = tenantKey('tenant-a', 'file_metadata', 'hot');
    await cache.getOrSet(hot, load);
    const hits = await rate(() => cache.getOrSet(hot, load));
    const miss = await perCall(5000, (i) =>
      cache.getOrSet(tenantKey('tenant-a', 'file_metadata', `m${i}`), load),
    );
    const l2 = other
      ? (
          await perCall(5000, (i) => other.getOrSet(tenantKey('tenant-a', 'file_metadata', `m${i}`), load))
        ).toFixed(1)
      : 'n/a';
    const before = cache.stats().kinds.file_list;
    const next = zipf(10_000, 1.1);
    for (let i = 0; i < 200_000; i++) await cache.getOrSet(tenantKey('tenant-z', 'file_list', next()), load);
    const after = cache.stats().kinds.file_list;
    const hitRate = (after.hits - before.hits) / (after.hits + after.misses - before.hits - before.misses);
    return [
      label,
      Math.round(hits).toLocaleString('en'),
      miss.toFixed(1),
      l2,
      `${(hitRate * 100).toFixed(1)} %`,
    ];
  } finally {
    await Promise.all([cache.close(), other?.close()]);
    await Promise.all(connections.map((redis) => redis.close()));
  }
}

const rows = [await measure('L1 only', undefined), await measure('L1 + Redis L2', values.redis)];
const header = ['mode', 'hit getOrSet/s', 'miss µs', 'L2 hit µs', 'Zipf 1.1 hit rate'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
console.log(`node ${process.version}, ${seconds}s per throughput run, 10 000 keys, 200 000 Zipf draws`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of rows) console.log(line(row));
