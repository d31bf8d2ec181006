import { CATALOG_SEED, LOCATION_SEED } from '../../costs/seed/index.ts';
import type { Migration } from '../migrator.ts';

/** Seed rows as a dollar-quoted jsonb literal (the seeds are plain data written in this repository). */
function jsonLiteral(rows: readonly object[]): string {
  const json = JSON.stringify(rows);
  if (json.includes('$seed$')) throw new Error('seed data must not contain $seed$');
  return `$seed$${json}$seed$::jsonb`;
}

/**
 * Cost estimation: catalog and locations (control database), shared by every tenant. `version` starts at 1
 * and is bumped by every operator upsert; estimate lines record the version they were priced with.
 * Tenant markup (overhead and profit percent) lives in `tenants.settings -> 'costs'`.
 */
export const costsControlMigrations: Migration[] = [
  {
    id: '101_costs_catalog_and_locations',
    sql: `
      CREATE TABLE materials (
        key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,62}$'),
        name text NOT NULL,
        unit text NOT NULL,
        division text NOT NULL CHECK (division ~ '^[0-9]{2}$'),
        division_name text NOT NULL,
        material_unit_price double precision NOT NULL CHECK (material_unit_price >= 0),
        installation_unit_cost double precision NOT NULL CHECK (installation_unit_cost >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        waste_pct double precision NOT NULL CHECK (waste_pct BETWEEN 0 AND 100),
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        source text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE locations (
        key text PRIMARY KEY CHECK (key ~ '^[a-z0-9-]{2,80}$'),
        name text NOT NULL,
        region text NOT NULL,
        country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        aliases text[] NOT NULL DEFAULT '{}',
        overall jsonb NOT NULL,
        divisions jsonb NOT NULL,
        version int NOT NULL DEFAULT 1 CHECK (version >= 1),
        source text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO materials (key, name, unit, division, division_name, material_unit_price,
                             installation_unit_cost, currency, waste_pct, version, source)
        SELECT key, name, unit, division, division_name, material_unit_price, installation_unit_cost,
               currency, waste_pct, version, source
        FROM jsonb_populate_recordset(NULL::materials, ${jsonLiteral(CATALOG_SEED)});
      INSERT INTO locations (key, name, region, country, aliases, overall, divisions, version, source)
        SELECT key, name, region, country, aliases, overall, divisions, version, source
        FROM jsonb_populate_recordset(NULL::locations, ${jsonLiteral(LOCATION_SEED)});
    `,
  },
];

/**
 * Cost estimation on shards: estimates with their similarity vector. `vec` is the unit vector over
 * SIMILARITY_BASIS (similarity.ts) as a `cube`; the GiST indexes (btree_gist for the leading tenant and
 * location columns) serve `ORDER BY vec <-> $query LIMIT n` within one tenant, or one tenant and location.
 */
export const costsShardMigrations: Migration[] = [
  {
    id: '101_cost_estimates',
    sql: `
      CREATE EXTENSION IF NOT EXISTS cube;
      CREATE EXTENSION IF NOT EXISTS btree_gist;
      CREATE TABLE cost_estimates (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        file_id uuid,
        location_key text NOT NULL,
        currency text NOT NULL,
        material_cost double precision NOT NULL,
        installation_cost double precision NOT NULL,
        total double precision NOT NULL,
        quantities jsonb NOT NULL,
        result jsonb NOT NULL,
        vec cube,
        basis_version smallint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      );
      CREATE INDEX cost_estimates_vec_idx ON cost_estimates USING gist (tenant_id, vec);
      CREATE INDEX cost_estimates_location_vec_idx ON cost_estimates USING gist (tenant_id, location_key, vec);
    `,
  },
];
