/** One priced line of `GET /api/cost-estimates/{id}` (the fields the tools show). */
interface EstimateLineJson {
  source_ref: string;
  material: string;
  name: string;
  division: string;
  division_name: string;
  unit: string;
  quantity: number;
  quantity_with_waste: number;
  adjusted_material_unit_price: number;
  adjusted_installation_unit_cost: number;
  material_cost: number;
  installation_cost: number;
  total: number;
}

/** A stored estimate as the API answers it. */
export interface EstimateJson {
  id: string;
  file_id: string | null;
  created_at: string;
  currency: string;
  location: { key: string; name: string };
  lines: EstimateLineJson[];
  divisions: Array<Record<string, unknown>>;
  quantities: Record<string, number>;
  material_cost: number;
  installation_cost: number;
  direct_cost: number;
  overhead_pct: number;
  overhead: number;
  profit_pct: number;
  profit: number;
  total: number;
}

/** An estimate for an agent: totals first, then divisions and lines without the catalog bookkeeping. */
export function estimateView(estimate: EstimateJson) {
  return {
    id: estimate.id,
    file_id: estimate.file_id,
    created_at: estimate.created_at,
    location: estimate.location,
    currency: estimate.currency,
    totals: {
      material_cost: estimate.material_cost,
      installation_cost: estimate.installation_cost,
      direct_cost: estimate.direct_cost,
      overhead_pct: estimate.overhead_pct,
      overhead: estimate.overhead,
      profit_pct: estimate.profit_pct,
      profit: estimate.profit,
      total: estimate.total,
    },
    divisions: estimate.divisions,
    /** What was priced, per material: the input search_similar_estimates compares. */
    quantities: estimate.quantities,
    lines: estimate.lines.map((l) => ({
      material: l.material,
      name: l.name,
      division: `${l.division} ${l.division_name}`,
      quantity: l.quantity,
      quantity_with_waste: l.quantity_with_waste,
      unit: l.unit,
      material_unit_price: l.adjusted_material_unit_price,
      installation_unit_cost: l.adjusted_installation_unit_cost,
      material_cost: l.material_cost,
      installation_cost: l.installation_cost,
      total: l.total,
      source: l.source_ref,
    })),
  };
}
