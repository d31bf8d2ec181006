/** An indexed, validated material catalog: the plain-data argument the estimator prices against. */
import { InvalidCostDataError } from './costs.errors.ts';
import type { CatalogMaterial } from './costs.schemas.ts';
import { divisionName } from './csi-divisions.ts';
import { buildMaterialIndex, resolveMaterialName, unknownMaterialError } from './material-aliases.ts';

/** Catalog rows by key plus the name index used to resolve common names. */
export interface Catalog {
  /** Currency shared by every row. */
  readonly currency: string;
  /** Rows by catalog key. */
  readonly materials: ReadonlyMap<string, CatalogMaterial>;
  /** Normal-form name or alias → catalog key (see material-aliases.ts). */
  readonly names: ReadonlyMap<string, string>;
}

/** Throws InvalidCostDataError unless the row's division is known and named right and its numbers are sane. */
export function validateCatalogMaterial(row: CatalogMaterial): void {
  const expected = divisionName(row.division);
  if (expected === undefined) {
    throw new InvalidCostDataError(`Material ${row.key}: unknown CSI division ${row.division}.`, {
      key: row.key,
      division: row.division,
    });
  }
  if (row.division_name !== expected) {
    throw new InvalidCostDataError(`Material ${row.key}: division ${row.division} is "${expected}".`, {
      key: row.key,
      division: row.division,
      division_name: row.division_name,
    });
  }
  for (const field of ['material_unit_price', 'installation_unit_cost', 'waste_pct'] as const) {
    const value = row[field];
    if (!Number.isFinite(value) || value < 0 || (field === 'waste_pct' && value > 100)) {
      throw new InvalidCostDataError(`Material ${row.key}: ${field} must be a finite number >= 0.`, {
        key: row.key,
        field,
      });
    }
  }
}

/** Validates and indexes catalog rows; all must share one currency and have distinct keys. */
export function buildCatalog(rows: readonly CatalogMaterial[]): Catalog {
  const first = rows[0];
  if (first === undefined) throw new InvalidCostDataError('The material catalog is empty.', {});
  const materials = new Map<string, CatalogMaterial>();
  for (const row of rows) {
    validateCatalogMaterial(row);
    if (materials.has(row.key)) {
      throw new InvalidCostDataError(`Material ${row.key} appears twice.`, { key: row.key });
    }
    if (row.currency !== first.currency) {
      throw new InvalidCostDataError(
        `Material ${row.key} is in ${row.currency}, the catalog in ${first.currency}.`,
        {
          key: row.key,
          currency: row.currency,
        },
      );
    }
    materials.set(row.key, row);
  }
  return { currency: first.currency, materials, names: buildMaterialIndex(materials.keys()) };
}

/** The catalog row `name` (key, alias or plural) resolves to; throws UnknownMaterialError naming it. */
export function findMaterial(catalog: Catalog, name: string): CatalogMaterial {
  const key = resolveMaterialName(name, catalog.names);
  const row = key === undefined ? undefined : catalog.materials.get(key);
  if (row === undefined) throw unknownMaterialError([name], catalog.names);
  return row;
}
