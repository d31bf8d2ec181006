// Takeoff line items × consumption rates → material quantities in catalog names and units.
import { MATERIAL_CATALOG, MATERIAL_RATES, type MaterialName, type MaterialRate } from './material-rates.ts';
import type { TakeoffLineItem } from './takeoff.types.ts';

/** `materials` of the result: catalog name → quantity in the catalog unit. */
export type Materials = Partial<Record<MaterialName, { quantity: number; unit: string }>>;

/** Applies `rates` (the seeded table by default) to the line items. */
export function materialsFor(
  items: readonly TakeoffLineItem[],
  rates: readonly MaterialRate[] = MATERIAL_RATES,
): Materials {
  const out: Materials = {};
  for (const line of items) {
    for (const r of rates) {
      const matches = r.item.endsWith('.') ? line.id.startsWith(r.item) : line.id === r.item;
      if (!matches) continue;
      const entry = (out[r.material] ??= { quantity: 0, unit: MATERIAL_CATALOG[r.material] });
      entry.quantity += line.quantity * r.rate;
    }
  }
  for (const entry of Object.values(out)) entry.quantity = Math.round(entry.quantity * 1000) / 1000;
  return out;
}
