/**
 * Estimate lines from a completed analysis. The analysis result carries `materials` (catalog key →
 * quantity and unit, summed over the takeoff) and the `takeoff` lines they came from; each estimate line
 * prices one material and names, as its `source_ref`, the takeoff line ids that contributed to it (by the
 * consumption-rate table of the analysis module), so every priced line can be traced to its takeoff lines.
 */
import { MATERIAL_RATES } from '../analysis/index.ts';
import type { EstimateLineInput } from './estimate-input.ts';

interface ResultShape {
  materials?: Record<string, { quantity?: unknown; unit?: unknown } | undefined>;
  takeoff?: Array<{ id?: unknown }>;
}

/** Takeoff line ids of `result` that feed `material` through the consumption rates. */
function contributingLines(material: string, takeoffIds: readonly string[]): string[] {
  const rules = MATERIAL_RATES.filter((r) => r.material === material);
  return takeoffIds.filter((id) =>
    rules.some((r) => (r.item.endsWith('.') ? id.startsWith(r.item) : id === r.item)),
  );
}

/** One line per material of the analysis result, in the unit the analysis measured it in. */
export function linesFromAnalysis(result: unknown): EstimateLineInput[] {
  const shape = (typeof result === 'object' && result !== null ? result : {}) as ResultShape;
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
