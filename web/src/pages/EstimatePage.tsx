import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, describeError } from '../api/client.ts';
import type { CostLocation, CostSettings, Estimate, SimilarEstimate } from '../api/types.ts';
import { formatDate, formatMoney, formatNumber, formatUnit } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { useCanEdit } from '../session.tsx';

interface EstimateSummary {
  id: string;
  file_id: string | null;
  location: string;
  currency: string;
  total: number;
  created_at: string;
}

/** A line's sources in words: machine takeoff line ids, and manual measurements counted rather than named by id. */
function describeSources(sourceRef: string): string {
  const parts = sourceRef.split(' + ');
  const manual = parts.filter((p) => p.startsWith('manual:')).length;
  const machine = parts.filter((p) => !p.startsWith('manual:'));
  const words = manual === 0 ? [] : [`${manual} manual measurement${manual === 1 ? '' : 's'}`];
  return [...machine, ...words].join(' + ');
}

/** Estimates: the list, a new estimate of a drawing, or one estimate in full. */
export function EstimatePage({ estimateId, fileId }: { estimateId?: string; fileId: string | null }) {
  if (estimateId) return <EstimateView id={estimateId} />;
  if (fileId) return <NewEstimate fileId={fileId} />;
  return <EstimateList />;
}

function EstimateList() {
  const [items, setItems] = useState<EstimateSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ items: EstimateSummary[] }>('/api/cost-estimates?limit=100').then(
      (page) => setItems(page.items),
      (e: unknown) => setError(`The estimates could not be loaded: ${describeError(e)}`),
    );
  }, []);
  return (
    <main id="main" className="page">
      <h1>Estimates</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items?.length === 0 && (
        <p className="empty">
          No estimates yet. Open an analysed drawing in <Link to="/drawings">Drawings</Link> and choose
          “Estimate this drawing”.
        </p>
      )}
      {items && items.length > 0 && (
        <table className="data" aria-label="Estimates">
          <thead>
            <tr>
              <th scope="col">Estimate</th>
              <th scope="col">Location</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/estimates/${e.id}`}>{formatDate(e.created_at)}</Link>
                </td>
                <td>{e.location}</td>
                <td className="num">{formatMoney(e.total, e.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function NewEstimate({ fileId }: { fileId: string }) {
  const canEdit = useCanEdit();
  const [locations, setLocations] = useState<CostLocation[]>();
  const [location, setLocation] = useState('');
  const [settings, setSettings] = useState<CostSettings>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ items: CostLocation[] }>('/api/material-locations').then(
      (page) => {
        setLocations(page.items);
        setLocation((current) => current || (page.items[0]?.key ?? ''));
      },
      (e: unknown) => setError(`The locations could not be loaded: ${describeError(e)}`),
    );
    api<CostSettings>('/api/cost-settings').then(setSettings, (e: unknown) => setError(describeError(e)));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!settings) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/cost-settings', { method: 'PUT', body: settings });
      const estimate = await api<Estimate>('/api/cost-estimates', {
        method: 'POST',
        body: { file_id: fileId, location },
      });
      navigate(`/estimates/${estimate.id}`);
    } catch (e) {
      setError(`The estimate could not be made: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="page">
      <h1>New estimate</h1>
      <p>
        Prices the takeoff of the drawing for a location, with your markup.{' '}
        <Link to={`/drawings/${fileId}`}>Back to the drawing</Link>
      </p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label htmlFor="location">Location</label>
        <select id="location" value={location} onChange={(e) => setLocation(e.target.value)} required>
          {(locations ?? []).map((l) => (
            <option key={l.key} value={l.key}>
              {l.name}, {l.region} ({l.country})
            </option>
          ))}
        </select>
        <label htmlFor="overhead">Overhead (%)</label>
        <input
          id="overhead"
          type="number"
          min={0}
          max={100}
          step={0.1}
          disabled={!settings}
          value={settings?.overhead_pct ?? ''}
          onChange={(e) => setSettings((s) => s && { ...s, overhead_pct: Number(e.target.value) })}
        />
        <label htmlFor="profit">Profit (%)</label>
        <input
          id="profit"
          type="number"
          min={0}
          max={100}
          step={0.1}
          disabled={!settings}
          value={settings?.profit_pct ?? ''}
          onChange={(e) => setSettings((s) => s && { ...s, profit_pct: Number(e.target.value) })}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !canEdit || !settings || !location}>
          {busy ? 'Pricing…' : 'Create estimate'}
        </button>
        {!canEdit && <p className="hint">Viewers can read estimates; an estimator or owner creates them.</p>}
      </form>
    </main>
  );
}

function EstimateView({ id }: { id: string }) {
  const [estimate, setEstimate] = useState<Estimate>();
  const [similar, setSimilar] = useState<SimilarEstimate[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api<Estimate>(`/api/cost-estimates/${id}`).then(setEstimate, (e: unknown) =>
      setError(`The estimate could not be loaded: ${describeError(e)}`),
    );
  }, [id]);
  useEffect(() => {
    if (!estimate || Object.keys(estimate.quantities).length === 0) return;
    api<{ items: SimilarEstimate[] }>('/api/cost-estimates/search-similar', {
      method: 'POST',
      body: { materials: estimate.quantities, location: estimate.location.key, limit: 6 },
    }).then(
      (page) => setSimilar(page.items.filter((s) => s.estimate_id !== estimate.id)),
      () => setSimilar([]),
    );
  }, [estimate]);

  const byDivision = useMemo(() => {
    const groups = new Map<string, Estimate['lines']>();
    for (const line of estimate?.lines ?? [])
      groups.set(line.division, [...(groups.get(line.division) ?? []), line]);
    return groups;
  }, [estimate]);

  if (error)
    return (
      <main id="main" className="page">
        <h1>Estimate</h1>
        <p role="alert" className="error">
          {error}
        </p>
      </main>
    );
  if (!estimate)
    return (
      <main id="main" className="page">
        <p>Loading the estimate…</p>
      </main>
    );
  const money = (value: number) => formatMoney(value, estimate.currency);
  const largest = Math.max(...estimate.divisions.map((d) => d.total), 1);
  return (
    <main id="main" className="page estimate">
      <div className="page-head">
        <h1>
          Estimate for {estimate.location.name}, {estimate.location.region}
        </h1>
        {estimate.file_id && <Link to={`/drawings/${estimate.file_id}`}>Open the drawing</Link>}
        <a className="button" href={`/api/cost-estimates/${estimate.id}/export?format=xlsx`} download>
          Export XLSX
        </a>
        <a className="button" href={`/api/cost-estimates/${estimate.id}/export?format=csv`} download>
          Export CSV
        </a>
      </div>
      <dl className="totals">
        <div>
          <dt>Material</dt>
          <dd>{money(estimate.material_cost)}</dd>
        </div>
        <div>
          <dt>Installation</dt>
          <dd>{money(estimate.installation_cost)}</dd>
        </div>
        <div>
          <dt>Overhead ({estimate.overhead_pct} %)</dt>
          <dd>{money(estimate.overhead)}</dd>
        </div>
        <div>
          <dt>Profit ({estimate.profit_pct} %)</dt>
          <dd>{money(estimate.profit)}</dd>
        </div>
        <div className="grand">
          <dt>Total</dt>
          <dd data-testid="estimate-total">{money(estimate.total)}</dd>
        </div>
      </dl>
      <section aria-labelledby="chart-title">
        <h2 id="chart-title">By division</h2>
        <ul className="chart">
          {estimate.divisions.map((d) => (
            <li key={d.division}>
              <span className="label">
                {d.division} {d.division_name}
              </span>
              <span className="bar" style={{ width: `${(d.total / largest) * 100}%` }} aria-hidden="true" />
              <span className="value">{money(d.total)}</span>
            </li>
          ))}
        </ul>
      </section>
      <table className="data" aria-label="Estimate lines by CSI division">
        <thead>
          <tr>
            <th scope="col">Material</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Material
            </th>
            <th scope="col" className="num">
              Installation
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        {[...byDivision].map(([division, lines]) => (
          <tbody key={division}>
            <tr className="division">
              <th scope="rowgroup" colSpan={5}>
                {division} — {lines[0]?.division_name}
              </th>
            </tr>
            {lines.map((l) => (
              <tr
                key={`${l.source_ref}-${l.material}`}
                data-material={l.material}
                data-manual={/manual:/.test(l.source_ref) || undefined}
              >
                <td>
                  {l.name} <span className="hint">({describeSources(l.source_ref)})</span>
                </td>
                <td className="num">
                  {formatNumber(l.quantity_with_waste)} {formatUnit(l.unit)}
                </td>
                <td className="num">{money(l.material_cost)}</td>
                <td className="num">{money(l.installation_cost)}</td>
                <td className="num">{money(l.total)}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      <section aria-labelledby="similar-title">
        <h2 id="similar-title">Similar past estimates</h2>
        {similar === undefined && <p>Looking for similar estimates…</p>}
        {similar?.length === 0 && (
          <p className="empty">No similar estimate yet: they appear as your team prices more drawings.</p>
        )}
        {similar && similar.length > 0 && (
          <ul>
            {similar.map((s) => (
              <li key={s.estimate_id}>
                <Link to={`/estimates/${s.estimate_id}`}>{money(s.total)}</Link> — {Math.round(s.score * 100)}{' '}
                % similar ({s.same_location ? 'same location' : `in ${s.location}`}; shares{' '}
                {s.shared_materials.join(', ') || 'no materials'})
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
