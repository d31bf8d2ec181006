import type { Adjustment, TakeoffLine } from '../api/types.ts';
import { formatDate, formatNumber, formatUnit } from '../format.ts';
import { itemName } from './MeasureTools.tsx';

interface Props {
  adjustments: Adjustment[];
  lines: TakeoffLine[];
  canEdit: boolean;
  onUndo: (adjustment: Adjustment) => void;
}

/** Who made a correction, in words (`user:a@b.c` → a@b.c, `key:…` → an API key). */
function author(createdBy: string): string {
  return createdBy.startsWith('user:') ? createdBy.slice(5) : 'an API key';
}

/** What a correction does, in words. */
function describe(a: Adjustment, lines: TakeoffLine[]): string {
  const line = lines.find((l) => l.id === a.line_id)?.description ?? a.line_id;
  if (a.kind === 'exclude_line') return `Excluded: ${line}`;
  if (a.kind === 'exclude_entities') return `${a.handles.length} entities excluded from ${line}`;
  return `${a.label ?? 'Manual measurement'} → ${itemName(a.item ?? '')}`;
}

/** The people's corrections of the takeoff, beside the machine's lines: what, how much, who, when, undo. */
export function Corrections({ adjustments, lines, canEdit, onUndo }: Props) {
  return (
    <section aria-labelledby="corrections-title">
      <h3 id="corrections-title">Corrections</h3>
      {adjustments.length === 0 ? (
        <p className="empty">
          No corrections yet. Exclude a line or an entity, or measure on the plan; estimates use the corrected
          takeoff.
        </p>
      ) : (
        <table className="data" aria-label="Corrections">
          <thead>
            <tr>
              <th scope="col">Correction</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col">By</th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Undo</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {adjustments.map((a) => (
              <tr key={a.id} data-adjustment-kind={a.kind}>
                <td>{describe(a, lines)}</td>
                <td className="num">
                  {a.quantity === null ? '—' : `${formatNumber(a.quantity)} ${formatUnit(a.unit ?? '')}`}
                </td>
                <td>
                  {author(a.created_by)}, {formatDate(a.created_at)}
                </td>
                {canEdit && (
                  <td>
                    <button type="button" className="small" onClick={() => onUndo(a)}>
                      Undo<span className="visually-hidden">: {describe(a, lines)}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
