/** The `cost_estimated` domain event (fields as listed in the automation trigger catalog). */
import type { Estimate } from './costs.schemas.ts';
import { roundMoney, roundRate } from './estimator.ts';

/** A domain event about to be emitted (the platform adds id and time). */
export interface CostEvent {
  type: 'cost_estimated';
  tenantId: string;
  data: Record<string, unknown>;
}

/** Per material: total quantity, unit and cost (material + installation) over the estimate's lines. */
export function materialCosts(
  estimate: Estimate,
): Record<string, { quantity: number; unit: string; cost: number }> {
  const out: Record<string, { quantity: number; unit: string; cost: number }> = {};
  for (const line of estimate.lines) {
    const entry = (out[line.material] ??= { quantity: 0, unit: line.unit, cost: 0 });
    entry.quantity += line.quantity;
    entry.cost += line.total;
  }
  for (const entry of Object.values(out)) {
    entry.quantity = roundRate(entry.quantity);
    entry.cost = roundMoney(entry.cost);
  }
  return out;
}

/** `cost_estimated` for a stored estimate; `file` holds the file event fields when it came from a file. */
export function costEstimatedEvent(
  tenantId: string,
  id: string,
  estimate: Estimate,
  file?: Record<string, unknown>,
): CostEvent {
  return {
    type: 'cost_estimated',
    tenantId,
    data: {
      estimate: {
        id,
        total: estimate.total,
        material_cost: estimate.material_cost,
        labor_cost: estimate.installation_cost,
        currency: estimate.currency,
        location: estimate.location.name,
      },
      materials: materialCosts(estimate),
      ...(file === undefined ? {} : { file }),
    },
  };
}
