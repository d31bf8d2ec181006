// Manual measurements on a plan: which takeoff items a tool can measure, and the quantity of its points.
import { MATERIAL_RATES } from '../analysis/index.ts';

/** The measuring tools of the viewer. */
export const MEASUREMENT_TOOLS = ['line', 'polyline', 'area', 'count'] as const;
/** A measuring tool. */
export type MeasurementTool = (typeof MEASUREMENT_TOOLS)[number];

/** The unit each tool measures in. */
const TOOL_UNITS: Record<MeasurementTool, 'm' | 'm2' | 'ea'> = {
  line: 'm',
  polyline: 'm',
  area: 'm2',
  count: 'ea',
};

/** The unit of a takeoff item id, from its last part (`wall.drywall.area_net` → m2); volumes are not drawn. */
function itemUnit(item: string): 'm' | 'm2' | 'ea' | undefined {
  if (/\.(length|perimeter)$/.test(item)) return 'm';
  if (/\.area(_net)?$/.test(item) || /\.area\.[a-z_]+$/.test(item)) return 'm2';
  if (/\.count$/.test(item)) return 'ea';
  return undefined;
}

/**
 * Takeoff items a manual measurement may add to (those priced by the consumption rates), with their unit; a
 * family of items (`finish.area.`) is offered as its `manual` member.
 */
export const MEASUREMENT_ITEMS: ReadonlyArray<{ item: string; unit: 'm' | 'm2' | 'ea' }> = [
  ...new Set(MATERIAL_RATES.map((r) => (r.item.endsWith('.') ? `${r.item}manual` : r.item))),
].flatMap((item) => {
  const unit = itemUnit(item);
  return unit ? [{ item, unit }] : [];
});

/** The unit a tool measures `item` in, or undefined when the tool cannot measure that item. */
export function measurementUnit(tool: MeasurementTool, item: string): 'm' | 'm2' | 'ea' | undefined {
  const known = MEASUREMENT_ITEMS.find((i) => i.item === item);
  return known && known.unit === TOOL_UNITS[tool] ? known.unit : undefined;
}

/** Fewest points each tool needs. */
export const MIN_POINTS: Record<MeasurementTool, number> = { line: 2, polyline: 2, area: 3, count: 1 };

/**
 * The quantity of a measurement: the length of the line or polyline, the area of the polygon (shoelace, any
 * winding) in metres from drawing units, or the number of points counted.
 */
export function measuredQuantity(
  tool: MeasurementTool,
  points: ReadonlyArray<readonly [number, number]>,
  metresPerUnit: number,
): number {
  if (tool === 'count') return points.length;
  if (tool === 'area') {
    let twice = 0;
    points.forEach(([x, y], i) => {
      const [nx, ny] = points[(i + 1) % points.length]!;
      twice += x * ny - nx * y;
    });
    return round((Math.abs(twice) / 2) * metresPerUnit * metresPerUnit);
  }
  const used = tool === 'line' ? points.slice(0, 2) : points;
  let length = 0;
  for (let i = 1; i < used.length; i++) {
    length += Math.hypot(used[i]![0] - used[i - 1]![0], used[i]![1] - used[i - 1]![1]);
  }
  return round(length * metresPerUnit);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
