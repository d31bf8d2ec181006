/** Stored estimates on the tenant's shard, and the nearest-neighbour queries over their vectors. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ShardRouter, ShardTables } from '../db/index.ts';
import type { Estimate } from './costs.schemas.ts';
import { SIMILARITY_BASIS_VERSION, toCubeLiteral } from './similarity.ts';

/** A stored estimate. */
export interface EstimateRecord {
  id: string;
  tenantId: string;
  fileId: string | null;
  createdAt: Date;
  estimate: Estimate;
}

/** Summary of a stored estimate (list rows; no lines). */
export interface EstimateSummary {
  id: string;
  fileId: string | null;
  locationKey: string;
  currency: string;
  materialCost: number;
  installationCost: number;
  total: number;
  createdAt: Date;
}

/** A neighbour found by the index: its cube distance to the query and what ranking needs. */
export interface NeighbourRow extends EstimateSummary {
  distance: number;
  quantities: Record<string, number>;
}

type Row = Selectable<ShardTables['cost_estimates']>;

function summary(
  r: Omit<Row, 'result' | 'quantities' | 'vec' | 'basis_version' | 'tenant_id'>,
): EstimateSummary {
  return {
    id: r.id,
    fileId: r.file_id,
    locationKey: r.location_key,
    currency: r.currency,
    materialCost: r.material_cost,
    installationCost: r.installation_cost,
    total: r.total,
    createdAt: r.created_at,
  };
}

const SUMMARY_COLUMNS = [
  'id',
  'file_id',
  'location_key',
  'currency',
  'material_cost',
  'installation_cost',
  'total',
  'created_at',
] as const;

/** Estimates of one tenant; every query filters by tenant_id inside the SQL. */
export class EstimateRepository {
  constructor(private readonly router: ShardRouter) {}

  /** Stores an estimate with its similarity vector (null when it has no basis material). */
  async create(
    tenantId: string,
    row: { id: string; fileId: string | null; estimate: Estimate; vector: number[] | null },
  ): Promise<EstimateRecord> {
    const { estimate } = row;
    const stored = await this.db(tenantId)
      .insertInto('cost_estimates')
      .values({
        tenant_id: tenantId,
        id: row.id,
        file_id: row.fileId,
        location_key: estimate.location.key,
        currency: estimate.currency,
        material_cost: estimate.material_cost,
        installation_cost: estimate.installation_cost,
        total: estimate.total,
        quantities: JSON.stringify(estimate.quantities),
        result: JSON.stringify(estimate),
        vec: row.vector === null ? null : sql<string>`${toCubeLiteral(row.vector)}::cube`,
        basis_version: SIMILARITY_BASIS_VERSION,
      })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    return { id: row.id, tenantId, fileId: row.fileId, createdAt: stored.created_at, estimate };
  }

  /** One estimate of the tenant, or undefined (also for another tenant's id). */
  async get(tenantId: string, id: string): Promise<EstimateRecord | undefined> {
    const row = await this.db(tenantId)
      .selectFrom('cost_estimates')
      .select(['id', 'file_id', 'created_at', 'result'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        tenantId,
        fileId: row.file_id,
        createdAt: row.created_at,
        estimate: row.result as Estimate,
      }
    );
  }

  /** A page of the tenant's estimates, newest first (ids are UUIDv7, so id order is creation order). */
  async list(tenantId: string, query: { limit: number; beforeId?: string }): Promise<EstimateSummary[]> {
    // a list tolerates staleness: a caught-up replica may answer it (never past the tenant's own writes)
    const reader = await this.router.forTenantRead(tenantId);
    let select = reader
      .selectFrom('cost_estimates')
      .select(SUMMARY_COLUMNS)
      .where('tenant_id', '=', tenantId);
    if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
    const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(summary);
  }

  /**
   * The `limit` nearest estimates of the tenant to `vector` by euclidean cube distance (the GiST KNN scan),
   * optionally only those of one location.
   */
  async nearest(
    tenantId: string,
    vector: readonly number[],
    limit: number,
    locationKey?: string,
  ): Promise<NeighbourRow[]> {
    const cube = toCubeLiteral(vector);
    let select = this.db(tenantId)
      .selectFrom('cost_estimates')
      .select([...SUMMARY_COLUMNS, 'quantities'])
      .select(sql<number>`vec <-> ${cube}::cube`.as('distance'))
      .where('tenant_id', '=', tenantId)
      .where('vec', 'is not', null)
      .where('basis_version', '=', SIMILARITY_BASIS_VERSION);
    if (locationKey !== undefined) select = select.where('location_key', '=', locationKey);
    const rows = await select
      .orderBy(sql`vec <-> ${cube}::cube`)
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...summary(r), distance: r.distance, quantities: r.quantities }));
  }

  /** EXPLAIN (ANALYZE when asked) of the nearest-neighbour query, for tests and benchmarks. */
  async explainNearest(
    tenantId: string,
    vector: readonly number[],
    limit: number,
    options: { analyze?: boolean; locationKey?: string } = {},
  ): Promise<string> {
    const cube = toCubeLiteral(vector);
    const location =
      options.locationKey === undefined ? sql`` : sql`AND location_key = ${options.locationKey}`;
    const explain = options.analyze ? sql`EXPLAIN (ANALYZE, BUFFERS)` : sql`EXPLAIN`;
    const result = await sql<{ 'QUERY PLAN': string }>`${explain}
      SELECT id, vec <-> ${cube}::cube AS distance FROM cost_estimates
      WHERE tenant_id = ${tenantId} AND vec IS NOT NULL AND basis_version = ${SIMILARITY_BASIS_VERSION} ${location}
      ORDER BY vec <-> ${cube}::cube LIMIT ${limit}`.execute(this.db(tenantId));
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  private db(tenantId: string): Kysely<ShardTables> {
    return this.router.forTenant(tenantId);
  }
}
