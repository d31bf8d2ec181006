// Reads the server's Prometheus /metrics before and after a run: cache hit rate and mean DB query time.
import { request } from 'undici';

/** Totals of the series the report needs; a field is undefined when the server does not export it. */
export interface MetricsSample {
  cacheHitsByLevel?: Record<string, number>;
  cacheMisses?: number;
  dbQuerySeconds?: number;
  dbQueries?: number;
}

/** What changed on the server during the run; null where the metrics were missing. */
export interface ServerMetricsDelta {
  cacheHits: number | null;
  cacheHitsByLevel: Record<string, number> | null;
  cacheMisses: number | null;
  cacheHitRatePct: number | null;
  dbQueries: number | null;
  dbQueryMeanMs: number | null;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;

/** Sums the relevant series of a Prometheus text exposition. */
export function parseMetrics(text: string): MetricsSample {
  const sample: MetricsSample = {};
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, name = '', labels = '', raw] = m;
    const value = Number(raw);
    if (!Number.isFinite(value)) continue;
    switch (name) {
      case 'cache_hits_total': {
        const level = /(?:^|,)\s*level="([^"]*)"/.exec(labels)?.[1] ?? 'all';
        sample.cacheHitsByLevel ??= {};
        sample.cacheHitsByLevel[level] = (sample.cacheHitsByLevel[level] ?? 0) + value;
        break;
      }
      case 'cache_misses_total':
        sample.cacheMisses = (sample.cacheMisses ?? 0) + value;
        break;
      case 'db_query_duration_seconds_sum':
        sample.dbQuerySeconds = (sample.dbQuerySeconds ?? 0) + value;
        break;
      case 'db_query_duration_seconds_count':
        sample.dbQueries = (sample.dbQueries ?? 0) + value;
        break;
      default:
        break;
    }
  }
  return sample;
}

/** Fetches and parses /metrics; undefined when the endpoint is missing or unreachable. */
export async function scrapeMetrics(
  baseUrl: string,
  adminToken?: string,
): Promise<MetricsSample | undefined> {
  const attempt = async (headers: Record<string, string>) => {
    const res = await request(new URL('/metrics', baseUrl), {
      headers,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const text = await res.body.text();
    return res.statusCode === 200 ? parseMetrics(text) : res.statusCode;
  };
  try {
    const open = await attempt({});
    if (typeof open !== 'number') return open;
    if ((open === 401 || open === 403) && adminToken) {
      const authed = await attempt({ authorization: `Bearer ${adminToken}` });
      if (typeof authed !== 'number') return authed;
    }
  } catch {
    // No metrics is a reportable condition ("n/a"), not a reason to abort the run.
  }
  return undefined;
}

/** Difference between two samples; null for anything either sample lacks. */
export function diffMetrics(before?: MetricsSample, after?: MetricsSample): ServerMetricsDelta {
  const delta = (a?: number, b?: number): number | null =>
    a === undefined || b === undefined ? null : b - a;
  const byLevel =
    before?.cacheHitsByLevel && after?.cacheHitsByLevel
      ? Object.fromEntries(
          Object.entries(after.cacheHitsByLevel).map(([k, v]) => [
            k,
            v - (before.cacheHitsByLevel?.[k] ?? 0),
          ]),
        )
      : null;
  const hits = byLevel ? Object.values(byLevel).reduce((a, b) => a + b, 0) : null;
  const misses = delta(before?.cacheMisses, after?.cacheMisses);
  const dbQueries = delta(before?.dbQueries, after?.dbQueries);
  const dbSeconds = delta(before?.dbQuerySeconds, after?.dbQuerySeconds);
  return {
    cacheHits: hits,
    cacheHitsByLevel: byLevel,
    cacheMisses: misses,
    cacheHitRatePct:
      hits !== null && misses !== null && hits + misses > 0 ? (hits / (hits + misses)) * 100 : null,
    dbQueries,
    dbQueryMeanMs: dbQueries && dbSeconds !== null ? (dbSeconds / dbQueries) * 1000 : null,
  };
}
