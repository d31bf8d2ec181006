/**
 * Validation of what an estimate is computed from. A raw material map holds quantities in each material's
 * catalog unit (m3 of concrete, kg of steel, m3 of wood, ea of doors…): there is nowhere to say a unit in
 * `{"steel": 50}`, so the catalog unit is assumed and documented in the API.
 */
import type { Catalog } from './catalog.ts';
import { InvalidEstimateInputError } from './costs.errors.ts';
import { MAX_MATERIAL_ENTRIES, MAX_NAME_LENGTH, MAX_QUANTITY } from './costs.schemas.ts';
import { resolveMaterialName, unknownMaterialError } from './material-aliases.ts';

/** Most lines one estimate may price (a takeoff's lines are aggregated per material and element type). */
export const MAX_ESTIMATE_LINES = 5000;

/** One quantity to price: `sourceRef` is the takeoff line id, or the raw map key it came from. */
export interface EstimateLineInput {
  readonly sourceRef: string;
  /** Catalog key, alias or common name. */
  readonly material: string;
  /** In `unit`, which must be the catalog unit when given. */
  readonly quantity: number;
  readonly unit?: string;
}

/** Throws InvalidEstimateInputError naming `key` unless `value` is a finite number in [0, MAX_QUANTITY]. */
export function checkQuantity(key: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new InvalidEstimateInputError(`Quantity of "${key}" must be a number.`, {
      key,
      reason: 'not_a_number',
    });
  }
  if (!Number.isFinite(value)) {
    throw new InvalidEstimateInputError(`Quantity of "${key}" must be finite.`, {
      key,
      reason: 'not_finite',
    });
  }
  if (value < 0) {
    throw new InvalidEstimateInputError(`Quantity of "${key}" must not be negative.`, {
      key,
      reason: 'negative',
    });
  }
  if (value > MAX_QUANTITY) {
    throw new InvalidEstimateInputError(`Quantity of "${key}" exceeds ${MAX_QUANTITY}.`, {
      key,
      reason: 'too_large',
      limit: MAX_QUANTITY,
    });
  }
  return value;
}

function materialEntries(map: unknown): Array<[string, unknown]> {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new InvalidEstimateInputError('`materials` must be an object of name → quantity.', {
      key: 'materials',
      reason: 'not_an_object',
    });
  }
  const entries = Object.entries(map);
  if (entries.length === 0) {
    throw new InvalidEstimateInputError('`materials` is empty.', { key: 'materials', reason: 'empty' });
  }
  if (entries.length > MAX_MATERIAL_ENTRIES) {
    throw new InvalidEstimateInputError(
      `\`materials\` has ${entries.length} entries; at most ${MAX_MATERIAL_ENTRIES} are accepted.`,
      { key: 'materials', reason: 'too_many_entries', limit: MAX_MATERIAL_ENTRIES },
    );
  }
  for (const [key] of entries) {
    if (key.length === 0 || key.length > MAX_NAME_LENGTH) {
      throw new InvalidEstimateInputError(`Material name must have 1 to ${MAX_NAME_LENGTH} characters.`, {
        key: key.slice(0, MAX_NAME_LENGTH),
        reason: 'bad_name',
        limit: MAX_NAME_LENGTH,
      });
    }
  }
  return entries;
}

/** Validated estimate lines from a raw `{name: quantity}` map (each key becomes its line's sourceRef). */
export function linesFromMaterialMap(map: unknown): EstimateLineInput[] {
  return materialEntries(map).map(([key, value]) => ({
    sourceRef: key,
    material: key,
    quantity: checkQuantity(key, value),
  }));
}

/**
 * Catalog key → summed quantity for a raw map (search-similar input). Names that resolve to the same
 * material ("steel" and "structural steel") add up; unknown names raise UnknownMaterialError listing all.
 */
export function resolveMaterialQuantities(catalog: Catalog, map: unknown): Record<string, number> {
  const quantities: Record<string, number> = {};
  const unknown: string[] = [];
  for (const line of linesFromMaterialMap(map)) {
    const key = resolveMaterialName(line.material, catalog.names);
    if (key === undefined) unknown.push(line.material);
    else quantities[key] = (quantities[key] ?? 0) + line.quantity;
  }
  if (unknown.length > 0) throw unknownMaterialError(unknown, catalog.names);
  return quantities;
}
