import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, describeError } from '../api/client.ts';
import { useLiveEvents } from '../api/events.ts';
import type {
  Adjustment,
  AdjustmentList,
  Analysis,
  FileJson,
  MeasurementItem,
  NewAdjustment,
  PlanGeometry,
  TakeoffLine,
} from '../api/types.ts';
import { formatNumber, formatUnit } from '../format.ts';
import { Link } from '../router.tsx';
import { useCanEdit } from '../session.tsx';
import { Corrections } from '../viewer/Corrections.tsx';
import { EntityPanel } from '../viewer/EntityPanel.tsx';
import { MeasureTools } from '../viewer/MeasureTools.tsx';
import { toPlan, type Tool } from '../viewer/measure.ts';
import { PlanCanvas, type Sketch } from '../viewer/PlanCanvas.tsx';
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
  const [adjustments, setAdjustments] = useState<Adjustment[]>([]);
  const [measurementItems, setMeasurementItems] = useState<MeasurementItem[]>([]);
  const [tool, setTool] = useState<Tool>();
  const [points, setPoints] = useState<Array<[number, number]>>([]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();

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

  const loadAdjustments = useCallback(async () => {
    const list = await api<AdjustmentList>(`/api/files/${fileId}/takeoff-adjustments`);
    setAdjustments(list.items);
    setMeasurementItems(list.measurement_items);
  }, [fileId]);
  useEffect(() => {
    if (completed) loadAdjustments().catch((e: unknown) => setError(describeError(e)));
  }, [completed, loadAdjustments]);

  /** Runs a correction, then reloads the corrections; failures are said in words. */
  const correct = async (what: string, change: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await change();
      await loadAdjustments();
      setNotice(what);
      setError(undefined);
    } catch (e) {
      setError(`${what} failed: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const addAdjustment = (body: NewAdjustment) =>
    api<Adjustment>(`/api/files/${fileId}/takeoff-adjustments`, { method: 'POST', body });
  const saveMeasurement = async (body: NewAdjustment) => {
    await addAdjustment(body);
    await loadAdjustments();
    setNotice('Measurement saved; estimates of this drawing include it.');
  };
  const reassignLayer = async (layer: string, elementClass: string) => {
    setBusy(true);
    try {
      const current = await api<{ mappings: Array<{ pattern: string; element_class: string }> }>(
        '/api/layer-mappings',
      );
      const mappings = [
        ...current.mappings.filter((m) => m.pattern !== layer),
        { pattern: layer, element_class: elementClass },
      ];
      await api('/api/layer-mappings', { method: 'PUT', body: { mappings } });
      const rerun = await api<Analysis>(`/api/files/${fileId}/analysis/refresh`, {
        method: 'POST',
        body: {},
      });
      setGeometry(undefined);
      setEntity(undefined);
      setLineId(undefined);
      setAnalysis(rerun);
      setNotice(`Layer ${layer} is now ${elementClass.replace('_', ' ')}; the takeoff is being re-run.`);
    } catch (e) {
      setError(`The layer was not reassigned: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };

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

  const excludedLines = useMemo(
    () =>
      new Map(adjustments.flatMap((a) => (a.kind === 'exclude_line' && a.line_id ? [[a.line_id, a]] : []))),
    [adjustments],
  );
  const droppedEntities = useMemo(() => {
    const dropped = new Map<string, Set<string>>();
    for (const a of adjustments) {
      if (a.kind !== 'exclude_entities' || !a.line_id) continue;
      const set = dropped.get(a.line_id) ?? new Set<string>();
      a.handles.forEach((h) => set.add(h));
      dropped.set(a.line_id, set);
    }
    return dropped;
  }, [adjustments]);
  const sketches = useMemo((): Sketch[] => {
    if (!geometry) return [];
    const saved = adjustments.flatMap((a): Sketch[] =>
      a.kind === 'measurement'
        ? [
            {
              points: a.points.map(([x, y]) => toPlan(geometry, [x ?? 0, y ?? 0])),
              closed: a.tool === 'area',
              dots: a.tool === 'count',
            },
          ]
        : [],
    );
    if (!tool) return saved;
    return [...saved, { points, closed: tool === 'area', dots: tool === 'count', active: true }];
  }, [adjustments, geometry, tool, points]);

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
      {notice && !error && (
        <p role="status" className="notice" data-testid="viewer-notice">
          {notice}
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
                onPoint={
                  tool
                    ? (p) =>
                        setPoints((ps) =>
                          (tool === 'line' || tool === 'calibrate') && ps.length >= 2
                            ? [ps[0]!, p]
                            : [...ps, p],
                        )
                    : undefined
                }
                sketches={sketches}
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
            {geometry && canEdit && analysis?.result && (
              <MeasureTools
                geometry={geometry}
                drawingScale={{
                  metresPerUnit: geometry.metresPerUnit,
                  declared: Boolean(analysis.result.units.declared),
                  name: analysis.result.units.name,
                }}
                items={measurementItems}
                tool={tool}
                onTool={setTool}
                points={points}
                onPoints={setPoints}
                onSave={saveMeasurement}
              />
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
            {entity !== undefined && geometry && (
              <EntityPanel
                key={entity}
                geometry={geometry}
                entity={entity}
                usedBy={usedBy}
                canEdit={canEdit}
                busy={busy}
                onSelectLine={(l) => setLineId(l.id)}
                onExclude={(l, handle) =>
                  void correct(`Entity ${handle} excluded from ${l.description}`, () =>
                    addAdjustment({ kind: 'exclude_entities', line_id: l.id, handles: [handle] }),
                  )
                }
                onReassign={(layer, cls) => void reassignLayer(layer, cls)}
              />
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
                    {canEdit && (
                      <th scope="col">
                        <span className="visually-hidden">Correct</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => {
                    const excluded = excludedLines.get(l.id);
                    const dropped = droppedEntities.get(l.id)?.size ?? 0;
                    const kept =
                      l.handleCount > 0 ? Math.max(0, (l.handleCount - dropped) / l.handleCount) : 1;
                    return (
                      <tr
                        key={l.id}
                        aria-selected={l.id === lineId}
                        className={
                          [usedBy.includes(l) && 'uses-entity', excluded && 'excluded']
                            .filter(Boolean)
                            .join(' ') || undefined
                        }
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
                          {excluded && <span className="tag">excluded</span>}
                        </td>
                        <td className="num">
                          <span className={excluded || dropped > 0 ? 'machine' : undefined}>
                            {formatNumber(l.quantity)} {formatUnit(l.unit)}
                          </span>
                          {!excluded && dropped > 0 && (
                            <span className="corrected">
                              {' → '}
                              {formatNumber(l.quantity * kept)} {formatUnit(l.unit)}
                            </span>
                          )}
                        </td>
                        <td className="num">
                          {dropped > 0 ? `${l.handleCount - dropped} of ${l.handleCount}` : l.handleCount}
                        </td>
                        {canEdit && (
                          <td>
                            {!excluded && (
                              <button
                                type="button"
                                className="small"
                                disabled={busy}
                                onClick={() =>
                                  void correct(`${l.description} excluded`, () =>
                                    addAdjustment({ kind: 'exclude_line', line_id: l.id }),
                                  )
                                }
                              >
                                Exclude<span className="visually-hidden"> {l.description}</span>
                              </button>
                            )}
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
            <Corrections
              adjustments={adjustments}
              lines={lines}
              canEdit={canEdit}
              onUndo={(a) =>
                void correct('Correction undone', () =>
                  api(`/api/files/${fileId}/takeoff-adjustments/${a.id}`, { method: 'DELETE' }),
                )
              }
            />
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
