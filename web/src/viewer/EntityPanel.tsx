import { useState } from 'react';
import { ELEMENT_CLASSES, type PlanGeometry, type TakeoffLine } from '../api/types.ts';

interface Props {
  geometry: PlanGeometry;
  entity: number;
  usedBy: TakeoffLine[];
  canEdit: boolean;
  busy: boolean;
  onSelectLine: (line: TakeoffLine) => void;
  onExclude: (line: TakeoffLine, handle: string) => void;
  onReassign: (layer: string, elementClass: string) => void;
}

/** The picked entity: its layer and class, the lines that use it, and the corrections a person can make. */
export function EntityPanel({ geometry, entity, usedBy, canEdit, busy, ...on }: Props) {
  const e = geometry.entities[entity];
  const layer = geometry.layers[e?.l ?? 0] ?? '';
  const current = geometry.classes[e?.c ?? 0] ?? 'unclassified';
  const [target, setTarget] = useState<string>(current === 'wall' ? 'slab' : 'wall');
  if (!e) return null;
  return (
    <div className="entity" data-testid="entity-panel">
      <p role="status">
        Entity <code>{e.h}</code> on layer <strong>{layer}</strong> ({current.replace('_', ' ')})
      </p>
      {usedBy.length === 0 ? (
        <p>No takeoff line uses this entity.</p>
      ) : (
        <>
          <p>Used by:</p>
          <ul>
            {usedBy.map((l) => (
              <li key={l.id}>
                <button type="button" className="link" onClick={() => on.onSelectLine(l)}>
                  {l.description}
                </button>
                {canEdit && (
                  <button
                    type="button"
                    className="small"
                    disabled={busy}
                    onClick={() => on.onExclude(l, e.h)}
                  >
                    Exclude from line<span className="visually-hidden"> {l.description}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {canEdit && (
        <div className="row">
          <label>
            Layer {layer} is
            <select value={target} onChange={(event) => setTarget(event.target.value)}>
              {ELEMENT_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {c.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => on.onReassign(layer, target)}>
            Reassign layer and re-run
          </button>
        </div>
      )}
    </div>
  );
}
