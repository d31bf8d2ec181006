import { sql, type Kysely } from 'kysely';
import type { ShardTables } from '../../src/db/index.ts';
import { SIMILARITY_BASIS, SIMILARITY_BASIS_VERSION } from '../../src/costs/index.ts';

/** Locations the synthetic estimates are spread over. */
export const SYNTHETIC_LOCATIONS = ['new-york-ny', 'chicago-il', 'houston-tx', 'seattle-wa', 'miami-fl'];

/**
 * Inserts `count` synthetic estimates for one tenant in one INSERT … SELECT generate_series: each basis
 * material is present with probability `density` and a log-uniform quantity up to e^9; the vector is built
 * in SQL exactly as toVector() does (ln(1 + q), unit length). `result` is a small placeholder document;
 * the similarity query never reads it. A mix with no material has no vector: such draws are skipped and more
 * are drawn, so `count` rows are inserted (fewer only if most mixes are empty, at a density near 0); returns
 * the number inserted.
 * The mixes come from a fixed `seed` (PostgreSQL's `setseed`), so a test planting neighbours among them
 * sees the same haystack every run instead of failing when chance puts a random mix closer.
 */
export async function insertSyntheticEstimates(
  db: Kysely<ShardTables>,
  tenantId: string,
  count: number,
  density = 0.35,
  seed = 0.42,
): Promise<number> {
  const basis = `{${SIMILARITY_BASIS.join(',')}}`;
  const locations = `{${SYNTHETIC_LOCATIONS.join(',')}}`;
  const result = await db.transaction().execute(async (trx) => {
    await sql`SELECT setseed(${seed}::float8)`.execute(trx);
    return sql`
    INSERT INTO cost_estimates (tenant_id, id, file_id, location_key, currency, material_cost,
                                installation_cost, total, quantities, result, vec, basis_version, created_at)
    SELECT ${tenantId}::uuid, gen_random_uuid(), NULL,
           (${locations}::text[])[1 + g % ${SYNTHETIC_LOCATIONS.length}], 'USD',
           t.total * 0.45, t.total * 0.55, t.total, q.quantities, '{"synthetic": true}'::jsonb,
           cube(ARRAY(SELECT v / n.norm FROM unnest(q.raw) v)), ${SIMILARITY_BASIS_VERSION},
           now() - make_interval(secs => g)
    FROM generate_series(1, 2 * ${count}::int) g
    CROSS JOIN LATERAL (
      SELECT coalesce(jsonb_object_agg(m, qty) FILTER (WHERE qty > 0), '{}') AS quantities,
             array_agg(CASE WHEN qty > 0 THEN ln(1 + qty) ELSE 0 END ORDER BY i) AS raw
      FROM (SELECT i, m, CASE WHEN random() < ${density}::float8 + 0 * g
                              THEN round(exp(random() * 9)::numeric, 2)::float8 ELSE 0 END AS qty
            FROM unnest(${basis}::text[]) WITH ORDINALITY AS b(m, i)) x
    ) q
    CROSS JOIN LATERAL (SELECT sqrt(sum(v * v)) AS norm FROM unnest(q.raw) v) n
    CROSS JOIN LATERAL (SELECT round(exp(8 + random() * 6 + 0 * g)::numeric, 2)::float8 AS total) t
    WHERE n.norm > 0
    LIMIT ${count}::int`.execute(trx);
  });
  await sql`ANALYZE cost_estimates`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
