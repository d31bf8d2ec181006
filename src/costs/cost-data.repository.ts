/** Shared cost data on the control database: the material catalog, locations, and each tenant's markup. */
import { sql, type Kysely } from 'kysely';
import type { ControlTables } from '../db/index.ts';
import type { CatalogMaterial, Location, MaterialUnit } from './costs.schemas.ts';
import type { Markup } from './estimator.ts';

/** A catalog row as the operator writes it; the version is assigned by the database. */
export type MaterialInput = Omit<CatalogMaterial, 'version'>;

/** Markup of a tenant that has not set one, in percent. */
export const DEFAULT_MARKUP: Markup = Object.freeze({ overheadPct: 10, profitPct: 5 });

/** Reads and writes the catalog and locations tables, and `tenants.settings -> 'costs'`. */
export class CostDataRepository {
  constructor(private readonly db: Kysely<ControlTables>) {}

  /** Every catalog row, by key. */
  async listMaterials(): Promise<CatalogMaterial[]> {
    const rows = await this.db.selectFrom('materials').selectAll().orderBy('key').execute();
    return rows.map((r) => ({
      key: r.key,
      name: r.name,
      unit: r.unit as MaterialUnit,
      division: r.division,
      division_name: r.division_name,
      material_unit_price: r.material_unit_price,
      installation_unit_cost: r.installation_unit_cost,
      currency: r.currency,
      waste_pct: r.waste_pct,
      version: r.version,
      source: r.source,
    }));
  }

  /** Every location row, by key. */
  async listLocations(): Promise<Location[]> {
    const rows = await this.db.selectFrom('locations').selectAll().orderBy('key').execute();
    return rows.map((r) => ({
      key: r.key,
      name: r.name,
      region: r.region,
      country: r.country,
      aliases: r.aliases,
      overall: r.overall,
      divisions: r.divisions,
      version: r.version,
      source: r.source,
    }));
  }

  /** Inserts a material at version 1 or replaces it and bumps its version; returns the stored version. */
  async upsertMaterial(row: MaterialInput): Promise<number> {
    const values = { ...row, version: 1 };
    const { version } = await this.db
      .insertInto('materials')
      .values(values)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          unit: eb.ref('excluded.unit'),
          division: eb.ref('excluded.division'),
          division_name: eb.ref('excluded.division_name'),
          material_unit_price: eb.ref('excluded.material_unit_price'),
          installation_unit_cost: eb.ref('excluded.installation_unit_cost'),
          currency: eb.ref('excluded.currency'),
          waste_pct: eb.ref('excluded.waste_pct'),
          source: eb.ref('excluded.source'),
          version: sql<number>`materials.version + 1`,
          updated_at: sql<Date>`now()`,
        })),
      )
      .returning('version')
      .executeTakeFirstOrThrow();
    return version;
  }

  /** The tenant's overhead and profit percent (DEFAULT_MARKUP for what it has not set). */
  async getMarkup(tenantId: string): Promise<Markup> {
    const row = await this.db
      .selectFrom('tenants')
      .select(sql<{ overhead_pct?: number; profit_pct?: number } | null>`settings -> 'costs'`.as('costs'))
      .where('id', '=', tenantId)
      .executeTakeFirst();
    return {
      overheadPct: row?.costs?.overhead_pct ?? DEFAULT_MARKUP.overheadPct,
      profitPct: row?.costs?.profit_pct ?? DEFAULT_MARKUP.profitPct,
    };
  }

  /** Stores the tenant's markup under `settings.costs`, keeping its other settings. */
  async setMarkup(tenantId: string, markup: Markup): Promise<void> {
    const costs = JSON.stringify({ overhead_pct: markup.overheadPct, profit_pct: markup.profitPct });
    await this.db
      .updateTable('tenants')
      .set({ settings: sql`jsonb_set(settings, '{costs}', ${costs}::jsonb)` })
      .where('id', '=', tenantId)
      .execute();
  }
}
