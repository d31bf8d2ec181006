import { useEffect, useMemo, useState } from 'react';
import { api, describeError } from '../api/client.ts';
import { useLiveEvents } from '../api/events.ts';
import type { Analysis, FileJson, PlanGeometry, TakeoffLine } from '../api/types.ts';
import { formatNumber, formatUnit } from '../format.ts';
import { Link } from '../router.tsx';
import { useCanEdit } from '../session.tsx';
import { PlanCanvas } from '../viewer/PlanCanvas.tsx';
import { PlanModel } from '../viewer/plan-model.ts';

const NONE: ReadonlySet<number> = new Set();

/** Toggles a member of a set, returning a new set. */
function toggled(set: ReadonlySet<number>, value: number): Set<number> {
  const next = new Set(set);
  if (!next.delete(value)) next.add(value);
  return next;
}

/** A drawing: the plan beside its takeoff, each line traceable to the entities it came from. */
export function ViewerPage({ fileId }: { fileId: string }) {
  const canEdit = useCanEdit();
  const [file, setFile] = useState<FileJson>();
  const [analysis, setAnalysis] = useState<Analysis>();
  const [geometry, setGeometry] = useState<PlanGeometry>();
  const [error, setError] = useState<string>();
  const [hiddenLayers, setHiddenLayers] = useState<ReadonlySet<number>>(new Set());
  const [hiddenClasses, setHiddenClasses] = useState<ReadonlySet<number>>(new Set());
  const [lineId, setLineId] = useState<string>();
  const [entity, setEntity] = useState<number>();

  const completed = analysis?.status === 'completed';
  useEffect(() => {
    api<FileJson>(`/api/files/${fileId}`).then(setFile, (e: unknown) => setError(describeError(e)));
    api<Analysis>(`/api/files/${fileId}/analysis`).then(setAnalysis, (e: unknown) =>
      setError(describeError(e)),
    );
  }, [fileId]);
  useLiveEvents((event) => {
    const data = event.data as { file?: { id?: string } };
    if (event.type === 'analysis_completed' && data.file?.id === fileId)
      void api<Analysis>(`/api/files/${fileId}/analysis`).then(setAnalysis);
  });
  useEffect(() => {
    if (!completed) return;
    api<PlanGeometry>(`/api/files/${fileId}/geometry`).then(setGeometry, (e: unknown) =>
      setError(`The plan could not be drawn: ${describeError(e)}`),
    );
  }, [fileId, completed]);

  const model = useMemo(() => (geometry ? new PlanModel(geometry) : undefined), [geometry]);
  const lines = useMemo(() => analysis?.result?.takeoff ?? [], [analysis]);
  const line = lines.find((l) => l.id === lineId);
  const trace = useMemo(() => (model && line ? model.trace(line) : undefined), [model, line]);
  const usedBy = useMemo(
    () => (model && entity !== undefined ? model.linesUsing(entity, lines) : []),
    [model, entity, lines],
  );
  const counts = useMemo(() => {
    const layers = new Map<number, number>();
    const classes = new Map<number, number>();
    for (const e of geometry?.entities ?? []) {
      layers.set(e.l, (layers.get(e.l) ?? 0) + 1);
      classes.set(e.c, (classes.get(e.c) ?? 0) + 1);
    }
    return { layers, classes };
  }, [geometry]);

  const selectLine = (next: TakeoffLine) => {
    setLineId(next.id === lineId ? undefined : next.id);
  };
  const name = file?.filename ?? 'Drawing';

  return (
    <main id="main" className="page viewer">
      <div className="page-head">
        <h1>{name}</h1>
        <Link to="/drawings">Back to drawings</Link>
        {completed && canEdit && (
          <Link to={`/estimates?file=${fileId}`} className="button primary">
            Estimate this drawing
          </Link>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {analysis && !completed && (
        <p className="empty" role="status">
          {analysis.status === 'failed'
            ? `The analysis failed: ${analysis.error?.message ?? 'no reason given'}. Upload a corrected drawing.`
            : 'The drawing is being analysed; this page updates when the takeoff is ready.'}
        </p>
      )}
      {completed && (
        <div className="viewer-grid">
          <section aria-label="Plan" className="viewer-plan">
            {geometry ? (
              <PlanCanvas
                geometry={geometry}
                label={name}
                hiddenLayers={hiddenLayers}
                hiddenClasses={hiddenClasses}
                highlighted={trace?.entities ?? NONE}
                selected={entity}
                onPick={setEntity}
              />
            ) : (
              !error && <p>Drawing the plan…</p>
            )}
            {geometry && (
              <div className="toggles">
                <fieldset>
                  <legend>Element classes</legend>
                  {geometry.classes.map((cls, i) => (
                    <label key={cls}>
                      <input
                        type="checkbox"
                        checked={!hiddenClasses.has(i)}
                        onChange={() => setHiddenClasses((s) => toggled(s, i))}
                      />
                      <span
                        className="swatch"
                        style={{ background: geometry.colours[i] }}
                        aria-hidden="true"
                      />
                      {cls.replace('_', ' ')} ({counts.classes.get(i) ?? 0})
                    </label>
                  ))}
                </fieldset>
                <fieldset>
                  <legend>Layers</legend>
                  {geometry.layers.map((layer, i) => (
                    <label key={layer}>
                      <input
                        type="checkbox"
                        checked={!hiddenLayers.has(i)}
                        onChange={() => setHiddenLayers((s) => toggled(s, i))}
                      />
                      {layer} ({counts.layers.get(i) ?? 0})
                    </label>
                  ))}
                </fieldset>
              </div>
            )}
            {geometry && geometry.omitted > 0 && (
              <p className="hint">{geometry.omitted} entities past the drawing limit are not drawn.</p>
            )}
          </section>
          <section aria-labelledby="takeoff-title" className="viewer-takeoff">
            <h2 id="takeoff-title">Takeoff</h2>
            {line && trace && (
              <p
                role="status"
                className="trace"
                data-testid="trace-status"
                data-highlighted-sources={trace.foundHandles}
                data-handle-count={line.handleCount}
              >
                <strong>{line.description}</strong>: {trace.foundHandles} of {line.handleCount} source
                entities highlighted ({trace.entities.size} drawn pieces)
                {line.handles.length < line.handleCount && `; the first ${line.handles.length} are listed`}.
              </p>
            )}
            {entity !== undefined && model && geometry && (
              <div className="entity" role="status" data-testid="entity-panel">
                <p>
                  Entity <code>{geometry.entities[entity]?.h}</code> on layer{' '}
                  <strong>{geometry.layers[geometry.entities[entity]?.l ?? 0]}</strong> (
                  {geometry.classes[geometry.entities[entity]?.c ?? 0]})
                </p>
                {usedBy.length === 0 ? (
                  <p>No takeoff line uses this entity.</p>
                ) : (
                  <>
                    <p>Used by:</p>
                    <ul>
                      {usedBy.map((l) => (
                        <li key={l.id}>
                          <button type="button" className="link" onClick={() => setLineId(l.id)}>
                            {l.description}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </div>
            )}
            {lines.length === 0 ? (
              <p className="empty">
                No quantities were found. Check the layer names: walls, doors and slabs are recognised by
                their layers and blocks.
              </p>
            ) : (
              <table className="data takeoff" aria-label="Takeoff lines">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col" className="num">
                      Quantity
                    </th>
                    <th scope="col" className="num">
                      Sources
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => (
                    <tr
                      key={l.id}
                      aria-selected={l.id === lineId}
                      className={usedBy.includes(l) ? 'uses-entity' : undefined}
                      data-line-id={l.id}
                    >
                      <td>
                        <button
                          type="button"
                          className="link"
                          aria-pressed={l.id === lineId}
                          onClick={() => selectLine(l)}
                          title={l.method}
                        >
                          {l.description}
                        </button>
                      </td>
                      <td className="num">
                        {formatNumber(l.quantity)} {formatUnit(l.unit)}
                      </td>
                      <td className="num">{l.handleCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {(analysis?.result?.warnings.length ?? 0) > 0 && (
              <details>
                <summary>Warnings ({analysis?.result?.warnings.length})</summary>
                <ul>
                  {analysis?.result?.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        </div>
      )}
    </main>
  );
}
