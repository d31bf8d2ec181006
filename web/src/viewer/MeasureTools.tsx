import { useState } from 'react';
import { describeError } from '../api/client.ts';
import type { MeasurementItem, NewAdjustment, PlanGeometry } from '../api/types.ts';
import { formatNumber, formatUnit } from '../format.ts';
import { MIN_POINTS, TOOL_UNITS, pathLength, previewQuantity, toDrawing, type Tool } from './measure.ts';

/** Names people use for the takeoff items a measurement can add to. */
const ITEM_NAMES: Record<string, string> = {
  'finish.area.manual': 'Floor finish area',
  'slab.area': 'Slab area (formwork)',
  'roof.area': 'Roof area',
  'window.area': 'Window glazing area',
  'wall.drywall.area_net': 'Drywall wall area',
  'wall.masonry.area_net': 'Masonry wall area',
  'wall.block.area_net': 'Block wall area',
  'wall.concrete.area_net': 'Concrete wall face area',
  'pipe.length': 'Pipe length',
  'beam.length': 'Steel beam length',
  'column.perimeter': 'Column perimeter',
  'door.count': 'Doors',
  'window.count': 'Windows',
  'plumbing_fixture.count': 'Plumbing fixtures',
};

/** A takeoff item in words. */
export function itemName(item: string): string {
  return ITEM_NAMES[item] ?? item.replace(/[._]/g, ' ');
}

const TOOLS: Array<{ tool: Tool; label: string }> = [
  { tool: 'line', label: 'Line' },
  { tool: 'polyline', label: 'Polyline' },
  { tool: 'area', label: 'Area' },
  { tool: 'count', label: 'Count' },
  { tool: 'calibrate', label: 'Calibrate' },
];

interface Props {
  geometry: PlanGeometry;
  /** The drawing's own scale and whether it declared its units. */
  drawingScale: { metresPerUnit: number; declared: boolean; name: string };
  items: MeasurementItem[];
  tool: Tool | undefined;
  onTool: (tool: Tool | undefined) => void;
  /** The points placed so far, in plan (geometry) units. */
  points: Array<[number, number]>;
  onPoints: (points: Array<[number, number]>) => void;
  onSave: (adjustment: NewAdjustment) => Promise<void>;
}

/** The measuring toolbar: calibrate the scale, then measure lines, polylines, areas and counts on the plan. */
export function MeasureTools(props: Props) {
  const { geometry, drawingScale, items, tool, points } = props;
  const [calibrated, setCalibrated] = useState<number>();
  const [distance, setDistance] = useState('');
  const [item, setItem] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const metresPerUnit = calibrated ?? drawingScale.metresPerUnit;
  const drawingPoints = points.map((p) => toDrawing(geometry, p));
  const ready = tool !== undefined && points.length >= MIN_POINTS[tool];
  const choices = tool && tool !== 'calibrate' ? items.filter((i) => i.unit === TOOL_UNITS[tool]) : [];
  const chosen = (choices.find((c) => c.item === item) ?? choices[0])?.item;

  const choose = (next: Tool) => {
    props.onTool(next === tool ? undefined : next);
    props.onPoints([]);
    setError(undefined);
  };
  const calibrate = () => {
    const known = Number(distance);
    const units = pathLength(drawingPoints.slice(0, 2));
    if (!(known > 0) || units === 0) {
      setError('Enter the real distance between the two points in metres (a number above 0).');
      return;
    }
    setCalibrated(known / units);
    setError(undefined);
    props.onTool(undefined);
    props.onPoints([]);
  };
  const save = async () => {
    if (!tool || tool === 'calibrate' || !chosen) return;
    setSaving(true);
    try {
      await props.onSave({
        kind: 'measurement',
        tool,
        item: chosen,
        label: label.trim() || `${itemName(chosen)} (manual ${tool})`,
        points: drawingPoints,
        metres_per_unit: metresPerUnit,
      });
      props.onPoints([]);
      setLabel('');
      setError(undefined);
    } catch (e) {
      setError(`The measurement was not saved: ${describeError(e)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="measure-title" className="measure">
      <h3 id="measure-title">Measure</h3>
      <div role="toolbar" aria-label="Measuring tools" className="tool-buttons">
        {TOOLS.map((t) => (
          <button key={t.tool} type="button" aria-pressed={tool === t.tool} onClick={() => choose(t.tool)}>
            {t.label}
          </button>
        ))}
      </div>
      <p className="hint" data-testid="scale" data-metres-per-unit={metresPerUnit}>
        Scale: 1 drawing unit = {formatNumber(metresPerUnit * 1000)} mm (
        {calibrated ? 'calibrated' : `the drawing's ${drawingScale.name}`}).
        {!calibrated &&
          !drawingScale.declared &&
          ' The drawing does not declare its units: calibrate from a known distance.'}
      </p>
      {tool && (
        <div className="measure-current">
          <p role="status">
            {tool === 'calibrate'
              ? `Click two points a known distance apart (${Math.min(points.length, 2)} of 2 placed).`
              : `${points.length} point${points.length === 1 ? '' : 's'} placed` +
                (ready
                  ? `: ${formatNumber(previewQuantity(tool, drawingPoints, metresPerUnit))} ${formatUnit(TOOL_UNITS[tool])}`
                  : '') +
                '.'}
          </p>
          <div className="row">
            <button
              type="button"
              disabled={points.length === 0}
              onClick={() => props.onPoints(points.slice(0, -1))}
            >
              Undo point
            </button>
            <button type="button" onClick={() => choose(tool)}>
              Cancel
            </button>
          </div>
          {tool === 'calibrate' && points.length >= 2 && (
            <div className="row">
              <label>
                Known distance (m)
                <input inputMode="decimal" value={distance} onChange={(e) => setDistance(e.target.value)} />
              </label>
              <button type="button" className="primary" onClick={calibrate}>
                Set scale
              </button>
            </div>
          )}
          {tool !== 'calibrate' && ready && (
            <div className="row">
              <label>
                Adds to
                <select value={chosen} onChange={(e) => setItem(e.target.value)}>
                  {choices.map((c) => (
                    <option key={c.item} value={c.item}>
                      {itemName(c.item)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Description
                <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="optional" />
              </label>
              <button type="button" className="primary" disabled={saving} onClick={() => void save()}>
                Save measurement
              </button>
            </div>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
