/**
 * The estimator: prices takeoff quantities for a location, per CSI division, the way estimators do.
 *
 *   line total   = quantity × (1 + waste_pct/100) × (material_unit_price × material_factor
 *                                                  + installation_unit_cost × installation_factor)
 *   factor       = location index of the material's division / 100 (the location's `overall` index when the
 *                  table has no row for that division)
 *   direct cost  = Σ line totals;  overhead = direct × overhead_pct/100;
 *   profit       = (direct + overhead) × profit_pct/100;  total = direct + overhead + profit.
 *
 * Rounding happens once, at presentation: every figure is computed in full double precision from the
 * unrounded figures below it, and only the returned numbers are rounded — money to cents, unit rates,
 * factors and quantities to 4 decimals. So a division subtotal is the rounded exact sum and may differ by a
 * cent or two from the sum of its rounded lines; the xlsx/csv exports show the same numbers as the API.
 */
import type { Catalog } from './catalog.ts';
import { InvalidEstimateInputError, UnsupportedCurrencyError } from './costs.errors.ts';
import type { CatalogMaterial, DivisionSubtotal, Estimate, EstimateLine, Location } from './costs.schemas.ts';
import { checkQuantity, MAX_ESTIMATE_LINES, type EstimateLineInput } from './estimate-input.ts';
import { resolveMaterialName, unknownMaterialError } from './material-aliases.ts';

/** Bumped when the formula or the result shape changes; stored with every estimate. */
export const ESTIMATOR_VERSION = 1;

/** Tenant settings applied on top of direct cost, in percent (10 = 10 %). */
export interface Markup {
  readonly overheadPct: number;
  readonly profitPct: number;
}

/** Everything an estimate is computed from; plain data, no database. */
export interface EstimateRequest {
  readonly lines: readonly EstimateLineInput[];
  readonly catalog: Catalog;
  readonly location: Location;
  readonly markup: Markup;
  /** Requested currency; must equal the catalog's (no exchange rates yet). */
  readonly currency?: string;
}

/** Rounds money to cents, half away from zero (a relative nudge keeps 0.125-like ties from binary drift). */
export function roundMoney(value: number): number {
  return Math.round(value * 100 * (1 + 1e-12)) / 100;
}

/** Rounds a unit rate, factor or quantity to 4 decimals. */
export function roundRate(value: number): number {
  return Math.round(value * 10_000 * (1 + 1e-12)) / 10_000;
}

function checkMarkup(markup: Markup): void {
  for (const [key, value] of [
    ['overhead_pct', markup.overheadPct],
    ['profit_pct', markup.profitPct],
  ] as const) {
    if (!Number.isFinite(value) || value < 0 || value > 100) {
      throw new InvalidEstimateInputError(`${key} must be between 0 and 100.`, {
        key,
        reason: 'out_of_range',
      });
    }
  }
}

function resolveLines(
  request: EstimateRequest,
): Array<{ input: EstimateLineInput; row: CatalogMaterial; quantity: number }> {
  if (request.lines.length === 0) {
    throw new InvalidEstimateInputError('Nothing to estimate: no lines.', { reason: 'empty' });
  }
  if (request.lines.length > MAX_ESTIMATE_LINES) {
    throw new InvalidEstimateInputError(`At most ${MAX_ESTIMATE_LINES} lines can be estimated at once.`, {
      reason: 'too_many_entries',
      limit: MAX_ESTIMATE_LINES,
    });
  }
  const unknown: string[] = [];
  const resolved = [];
  for (const input of request.lines) {
    const quantity = checkQuantity(input.sourceRef, input.quantity);
    const key = resolveMaterialName(input.material, request.catalog.names);
    const row = key === undefined ? undefined : request.catalog.materials.get(key);
    if (row === undefined) {
      unknown.push(input.material);
      continue;
    }
    if (input.unit !== undefined && input.unit !== row.unit) {
      throw new InvalidEstimateInputError(
        `Line "${input.sourceRef}" is in ${input.unit}; ${row.key} is priced per ${row.unit}.`,
        { key: input.sourceRef, reason: 'unit_mismatch' },
      );
    }
    resolved.push({ input, row, quantity });
  }
  if (unknown.length > 0) throw unknownMaterialError([...new Set(unknown)], request.catalog.names);
  return resolved;
}

function factors(location: Location, division: string): { material: number; installation: number } {
  const index = location.divisions[division] ?? location.overall;
  return { material: index.material / 100, installation: index.installation / 100 };
}

function priceLine(input: EstimateLineInput, row: CatalogMaterial, quantity: number, location: Location) {
  const factor = factors(location, row.division);
  const quantityWithWaste = quantity * (1 + row.waste_pct / 100);
  const adjustedMaterial = row.material_unit_price * factor.material;
  const adjustedInstallation = row.installation_unit_cost * factor.installation;
  const materialCost = quantityWithWaste * adjustedMaterial;
  const installationCost = quantityWithWaste * adjustedInstallation;
  const line: EstimateLine = {
    source_ref: input.sourceRef,
    material: row.key,
    name: row.name,
    division: row.division,
    division_name: row.division_name,
    unit: row.unit,
    quantity: roundRate(quantity),
    waste_pct: row.waste_pct,
    quantity_with_waste: roundRate(quantityWithWaste),
    material_unit_price: row.material_unit_price,
    installation_unit_cost: row.installation_unit_cost,
    material_factor: roundRate(factor.material),
    installation_factor: roundRate(factor.installation),
    adjusted_material_unit_price: roundRate(adjustedMaterial),
    adjusted_installation_unit_cost: roundRate(adjustedInstallation),
    material_cost: roundMoney(materialCost),
    installation_cost: roundMoney(installationCost),
    total: roundMoney(materialCost + installationCost),
    catalog_version: row.version,
  };
  return { line, materialCost, installationCost, factor };
}

/** Prices `request.lines`; throws UnknownMaterialError, InvalidEstimateInputError or UnsupportedCurrencyError. */
export function estimateCost(request: EstimateRequest): Estimate {
  const { catalog, location, markup } = request;
  if (request.currency !== undefined && request.currency !== catalog.currency) {
    throw new UnsupportedCurrencyError(request.currency, catalog.currency);
  }
  checkMarkup(markup);
  const priced = resolveLines(request).map(({ input, row, quantity }) => ({
    ...priceLine(input, row, quantity, location),
    quantity,
  }));
  // Stable sort: lines grouped by division, takeoff order kept within a division.
  priced.sort((a, b) => (a.line.division < b.line.division ? -1 : a.line.division > b.line.division ? 1 : 0));

  const divisions = new Map<string, { subtotal: DivisionSubtotal; material: number; installation: number }>();
  const quantities: Record<string, number> = {};
  let materialCost = 0;
  let installationCost = 0;
  for (const { line, materialCost: m, installationCost: i, factor, quantity } of priced) {
    const entry = divisions.get(line.division) ?? {
      subtotal: {
        division: line.division,
        division_name: line.division_name,
        material_factor: roundRate(factor.material),
        installation_factor: roundRate(factor.installation),
        line_count: 0,
        material_cost: 0,
        installation_cost: 0,
        total: 0,
      },
      material: 0,
      installation: 0,
    };
    entry.subtotal.line_count++;
    entry.material += m;
    entry.installation += i;
    divisions.set(line.division, entry);
    quantities[line.material] = (quantities[line.material] ?? 0) + quantity;
    materialCost += m;
    installationCost += i;
  }

  const direct = materialCost + installationCost;
  const overhead = (direct * markup.overheadPct) / 100;
  const profit = ((direct + overhead) * markup.profitPct) / 100;
  return {
    estimator_version: ESTIMATOR_VERSION,
    currency: catalog.currency,
    location: {
      key: location.key,
      name: location.name,
      region: location.region,
      country: location.country,
      version: location.version,
    },
    lines: priced.map(({ line }) => line),
    divisions: [...divisions.values()].map(({ subtotal, material, installation }) => ({
      ...subtotal,
      material_cost: roundMoney(material),
      installation_cost: roundMoney(installation),
      total: roundMoney(material + installation),
    })),
    quantities,
    material_cost: roundMoney(materialCost),
    installation_cost: roundMoney(installationCost),
    direct_cost: roundMoney(direct),
    overhead_pct: markup.overheadPct,
    overhead: roundMoney(overhead),
    profit_pct: markup.profitPct,
    profit: roundMoney(profit),
    total: roundMoney(direct + overhead + profit),
  };
}
