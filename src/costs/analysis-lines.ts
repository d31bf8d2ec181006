/**
 * Estimate lines from a completed analysis. The analysis result carries `materials` (catalog key →
 * quantity and unit, summed over the takeoff) and the `takeoff` lines they came from; each estimate line
 * prices one material and names, as its `source_ref`, the takeoff line ids that contributed to it (by the
 * consumption-rate table of the analysis module), so every priced line can be traced to its takeoff lines.
 * With takeoff adjustments, the materials are summed again from the corrected lines: excluded lines left
 * out, lines with excluded entities scaled by the share of their sources kept, manual measurements added
 * (named `manual:<adjustment id>` in `source_ref`).
 */
import { MATERIAL_CATALOG, MATERIAL_RATES, type MaterialRate } from '../analysis/index.ts';
import type { TakeoffAdjustment } from '../files/index.ts';
import type { EstimateLineInput } from './estimate-input.ts';

interface ResultShape {
  materials?: Record<string, { quantity?: unknown; unit?: unknown } | undefined>;
  takeoff?: Array<{ id?: unknown; quantity?: unknown; handleCount?: unknown }>;
}

/** One quantity of the corrected takeoff: `item` is matched against the rates, `ref` names it in the estimate. */
interface CorrectedQuantity {
  item: string;
  ref: string;
  quantity: number;
}

function resultShape(result: unknown): ResultShape {
  return typeof result === 'object' && result !== null ? result : {};
}

function rateApplies(rate: MaterialRate, item: string): boolean {
  return rate.item.endsWith('.') ? item.startsWith(rate.item) : item === rate.item;
}

/** Takeoff line ids of `result` that feed `material` through the consumption rates. */
function contributingLines(material: string, takeoffIds: readonly string[]): string[] {
  const rules = MATERIAL_RATES.filter((r) => r.material === material);
  return takeoffIds.filter((id) => rules.some((r) => rateApplies(r, id)));
}

/** The machine takeoff with `adjustments` applied, one quantity per kept line and per manual measurement. */
export function correctedTakeoff(
  result: unknown,
  adjustments: readonly TakeoffAdjustment[],
): CorrectedQuantity[] {
  const excluded = new Set(adjustments.flatMap((a) => (a.kind === 'exclude_line' ? [a.lineId] : [])));
  const droppedEntities = new Map<string, Set<string>>();
  for (const a of adjustments) {
    if (a.kind !== 'exclude_entities') continue;
    const set = droppedEntities.get(a.lineId) ?? new Set<string>();
    for (const handle of a.handles) set.add(handle);
    droppedEntities.set(a.lineId, set);
  }
  const machine = (resultShape(result).takeoff ?? []).flatMap((line): CorrectedQuantity[] => {
    if (typeof line.id !== 'string' || typeof line.quantity !== 'number' || excluded.has(line.id)) return [];
    const dropped = droppedEntities.get(line.id)?.size ?? 0;
    const sources = typeof line.handleCount === 'number' ? line.handleCount : 0;
    const kept = dropped === 0 || sources === 0 ? 1 : Math.max(0, (sources - dropped) / sources);
    return [{ item: line.id, ref: line.id, quantity: line.quantity * kept }];
  });
  const manual = adjustments.flatMap((a) =>
    a.kind === 'measurement' ? [{ item: a.item, ref: `manual:${a.id}`, quantity: a.quantity }] : [],
  );
  return [...machine, ...manual];
}

/** Estimate lines of the corrected takeoff: each material summed over the quantities its rates apply to. */
function linesFromCorrected(quantities: readonly CorrectedQuantity[]): EstimateLineInput[] {
  const byMaterial = new Map<string, { quantity: number; refs: Set<string> }>();
  for (const q of quantities) {
    for (const rate of MATERIAL_RATES) {
      if (!rateApplies(rate, q.item)) continue;
      const entry = byMaterial.get(rate.material) ?? { quantity: 0, refs: new Set<string>() };
      entry.quantity += q.quantity * rate.rate;
      entry.refs.add(q.ref);
      byMaterial.set(rate.material, entry);
    }
  }
  return [...byMaterial].map(([material, entry]) => ({
    sourceRef: [...entry.refs].join(' + '),
    material,
    quantity: Math.round(entry.quantity * 1000) / 1000,
    unit: MATERIAL_CATALOG[material as keyof typeof MATERIAL_CATALOG],
  }));
}

/** One line per material of the analysis result (corrected by `adjustments`), in the unit the analysis measured. */
export function linesFromAnalysis(
  result: unknown,
  adjustments: readonly TakeoffAdjustment[] = [],
): EstimateLineInput[] {
  if (adjustments.length > 0) return linesFromCorrected(correctedTakeoff(result, adjustments));
  const shape = resultShape(result);
  const takeoffIds = (shape.takeoff ?? []).flatMap((line) => (typeof line.id === 'string' ? [line.id] : []));
  return Object.entries(shape.materials ?? {}).map(([material, entry]) => {
    const sources = contributingLines(material, takeoffIds);
    return {
      sourceRef: sources.length > 0 ? sources.join(' + ') : `materials.${material}`,
      material,
      quantity: entry?.quantity as number,
      ...(typeof entry?.unit === 'string' ? { unit: entry.unit } : {}),
    };
  });
}
