import type { ColumnType, Generated } from 'kysely';

/** A jsonb column written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;

/** Tables of the cost domain (see migrations/costs.migrations.ts): catalog and locations on control, estimates on shards. */
export interface CostTables {
  materials: {
    key: string;
    name: string;
    unit: string;
    division: string;
    division_name: string;
    material_unit_price: number;
    installation_unit_cost: number;
    currency: string;
    waste_pct: number;
    version: Generated<number>;
    source: string;
    updated_at: Generated<Date>;
  };
  locations: {
    key: string;
    name: string;
    region: string;
    country: string;
    aliases: string[];
    overall: Json<{ material: number; installation: number }>;
    divisions: Json<Record<string, { material: number; installation: number }>>;
    version: Generated<number>;
    source: string;
    updated_at: Generated<Date>;
  };
  cost_estimates: {
    tenant_id: string;
    id: string;
    file_id: string | null;
    location_key: string;
    currency: string;
    material_cost: number;
    installation_cost: number;
    total: number;
    quantities: Json<Record<string, number>>;
    result: Json<unknown>;
    /** `cube` literal, e.g. "(0.6, 0.8)"; written with a `::cube` cast. */
    vec: string | null;
    basis_version: number;
    created_at: Generated<Date>;
  };
}
