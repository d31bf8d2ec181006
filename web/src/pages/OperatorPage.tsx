import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorOf } from '../api/client.ts';
import type { ApiAnswer } from '../api/types.ts';
import { formatDate, formatNumber } from '../format.ts';
import { histogramQuantile, parseMetrics, type Sample } from '../operator/prometheus.ts';

type Tenants = ApiAnswer<'/api/admin/tenants', 'get'>;
type CacheStats = ApiAnswer<'/api/admin/cache-stats', 'get'>;

const TOKEN_KEY = 'operatorToken';
const QUANTILES = [0.5, 0.95, 0.99];

interface Console {
  tenants: Tenants['items'];
  cache: CacheStats;
  samples: Sample[];
}

/** Reads one operator endpoint with the token; errors in words. */
async function operatorGet(path: string, token: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'the server cannot be reached: check that it is running');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function loadConsole(token: string): Promise<Console> {
  const [tenants, cache, metrics] = await Promise.all([
    operatorGet('/api/admin/tenants', token).then((r) => r.json() as Promise<Tenants>),
    operatorGet('/api/admin/cache-stats', token).then((r) => r.json() as Promise<CacheStats>),
    operatorGet('/metrics', token).then((r) => r.text()),
  ]);
  return { tenants: tenants.items, cache, samples: parseMetrics(metrics) };
}

function percent(rate: number): string {
  return `${formatNumber(rate * 100)} %`;
}

function millis(seconds: number | undefined): string {
  return seconds === undefined ? '—' : `${formatNumber(seconds * 1000)} ms`;
}

/** The operator console: tenants and their shards, cache hit rates, latency percentiles, queue depths. */
export function OperatorPage() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  const [typed, setTyped] = useState('');
  const [data, setData] = useState<Console>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    if (!token) return;
    try {
      setData(await loadConsole(token));
      setError(undefined);
    } catch (e) {
      setError(
        e instanceof ApiError && (e.status === 401 || e.status === 403)
          ? 'The operator token was refused: check ADMIN_TOKEN on the server.'
          : `The console could not be loaded: ${(e as Error).message}`,
      );
    }
  }, [token]);
  useEffect(() => void load(), [load]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, typed.trim());
    setToken(typed.trim());
    setTyped('');
  };
  const forget = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken('');
    setData(undefined);
  };

  return (
    <main id="main" className="page operator">
      <div className="page-head">
        <h1>Operator console</h1>
        {token && (
          <>
            <button type="button" onClick={() => void load()}>
              Refresh
            </button>
            <button type="button" onClick={forget}>
              Forget token
            </button>
          </>
        )}
      </div>
      {!token && (
        <form onSubmit={save} className="row">
          <label>
            Operator token
            <input type="password" value={typed} onChange={(e) => setTyped(e.target.value)} required />
          </label>
          <button type="submit" className="primary">
            Open console
          </button>
          <p className="hint">
            The token (ADMIN_TOKEN) is kept in this tab only and sent to this server only.
          </p>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && <ConsoleView data={data} />}
    </main>
  );
}

function ConsoleView({ data }: { data: Console }) {
  const shards = new Map<number, number>();
  for (const t of data.tenants) shards.set(t.shard, (shards.get(t.shard) ?? 0) + 1);
  const queues = data.samples.filter((s) => s.name === 'jobs_queued');
  const oldest = (s: Sample) =>
    data.samples.find(
      (o) =>
        o.name === 'jobs_oldest_queued_age_seconds' &&
        o.labels.shard === s.labels.shard &&
        o.labels.queue === s.labels.queue,
    )?.value;
  const routes = [
    ...new Set(
      data.samples
        .filter((s) => s.name === 'http_request_duration_seconds_count')
        .map((s) => s.labels.route ?? ''),
    ),
  ];
  const requests = (route: string) =>
    data.samples
      .filter((s) => s.name === 'http_request_duration_seconds_count' && s.labels.route === route)
      .reduce((sum, s) => sum + s.value, 0);
  const busiest = routes.sort((a, b) => requests(b) - requests(a)).slice(0, 8);
  return (
    <div className="console-grid">
      <section aria-labelledby="tenants-title">
        <h2 id="tenants-title">Tenants ({data.tenants.length})</h2>
        <table className="data" aria-label="Tenants">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col" className="num">
                Shard
              </th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {data.tenants.map((t) => (
              <tr key={t.tenantId}>
                <td>{t.name}</td>
                <td>
                  <code>{t.tenantId}</code>
                </td>
                <td className="num">{t.shard}</td>
                <td>{formatDate(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p data-testid="shard-placement">
          Shard placement:{' '}
          {[...shards]
            .sort((a, b) => a[0] - b[0])
            .map(([shard, count]) => `shard ${shard}: ${count} tenant${count === 1 ? '' : 's'}`)
            .join(', ') || 'no tenants yet'}
        </p>
      </section>
      <section aria-labelledby="cache-title">
        <h2 id="cache-title">Cache hit rates</h2>
        <table className="data" aria-label="Cache hit rates">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Hits
              </th>
              <th scope="col" className="num">
                Misses
              </th>
              <th scope="col" className="num">
                Hit rate
              </th>
            </tr>
          </thead>
          <tbody>
            {[['all kinds', data.cache.overall] as const, ...Object.entries(data.cache.kinds)].map(
              ([kind, s]) => (
                <tr key={kind}>
                  <td>{kind}</td>
                  <td className="num">{s.hits}</td>
                  <td className="num">{s.misses}</td>
                  <td className="num">{percent(s.hitRate)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="latency-title">
        <h2 id="latency-title">Latency (this process, since it started)</h2>
        <table className="data" aria-label="Latency percentiles">
          <thead>
            <tr>
              <th scope="col">Route</th>
              <th scope="col" className="num">
                Requests
              </th>
              {QUANTILES.map((q) => (
                <th key={q} scope="col" className="num">
                  p{q * 100}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr data-testid="latency-all">
              <td>all routes</td>
              <td className="num">{routes.reduce((sum, r) => sum + requests(r), 0)}</td>
              {QUANTILES.map((q) => (
                <td key={q} className="num">
                  {millis(histogramQuantile(data.samples, 'http_request_duration_seconds', q))}
                </td>
              ))}
            </tr>
            {busiest.map((route) => (
              <tr key={route}>
                <td>
                  <code>{route}</code>
                </td>
                <td className="num">{requests(route)}</td>
                {QUANTILES.map((q) => (
                  <td key={q} className="num">
                    {millis(
                      histogramQuantile(
                        data.samples,
                        'http_request_duration_seconds',
                        q,
                        (l) => l.route === route,
                      ),
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="queues-title">
        <h2 id="queues-title">Queue depths</h2>
        {queues.length === 0 ? (
          <p className="empty">
            No queue has reported yet (workers report their queues when metrics are read).
          </p>
        ) : (
          <table className="data" aria-label="Queue depths">
            <thead>
              <tr>
                <th scope="col">Shard</th>
                <th scope="col">Queue</th>
                <th scope="col" className="num">
                  Waiting
                </th>
                <th scope="col" className="num">
                  Oldest waiting
                </th>
              </tr>
            </thead>
            <tbody>
              {queues.map((s) => (
                <tr key={`${s.labels.shard}-${s.labels.queue}`}>
                  <td>{s.labels.shard}</td>
                  <td>{s.labels.queue}</td>
                  <td className="num">{s.value}</td>
                  <td className="num">{formatNumber(oldest(s) ?? 0)} s</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
