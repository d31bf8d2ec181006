import { sql } from 'kysely';
import type { ShardRouter } from '../db/index.ts';

/** A tenant's mapping of a layer or block name pattern to an element class. */
export interface LayerMappingRecord {
  pattern: string;
  elementClass: string;
}

/** Layer mappings on the tenant's shard; the set is replaced whole (concurrent replacements serialised), order kept. */
export class LayerMappingRepository {
  constructor(private readonly router: ShardRouter) {}

  async list(tenantId: string): Promise<LayerMappingRecord[]> {
    const rows = await this.router
      .forTenant(tenantId)
      .selectFrom('layer_mappings')
      .select(['pattern', 'element_class'])
      .where('tenant_id', '=', tenantId)
      .orderBy('position')
      .execute();
    return rows.map((row) => ({ pattern: row.pattern, elementClass: row.element_class }));
  }

  /** Replaces the tenant's set with `mappings`; false (nothing written) when the set is already exactly that. */
  replace(tenantId: string, mappings: LayerMappingRecord[]): Promise<boolean> {
    return this.router
      .forTenant(tenantId)
      .transaction()
      .execute(async (trx) => {
        // concurrent replacements of one tenant's set run one after the other (else: duplicate key)
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`layer-mappings:${tenantId}`}))`.execute(trx);
        const current = await trx
          .selectFrom('layer_mappings')
          .select(['pattern', 'element_class'])
          .where('tenant_id', '=', tenantId)
          .orderBy('position')
          .execute();
        const same =
          current.length === mappings.length &&
          current.every(
            (row, i) =>
              row.pattern === mappings[i]!.pattern && row.element_class === mappings[i]!.elementClass,
          );
        if (same) return false;
        await trx.deleteFrom('layer_mappings').where('tenant_id', '=', tenantId).execute();
        if (mappings.length === 0) return true;
        await trx
          .insertInto('layer_mappings')
          .values(
            mappings.map((m, position) => ({
              tenant_id: tenantId,
              pattern: m.pattern,
              element_class: m.elementClass,
              position,
            })),
          )
          .execute();
        return true;
      });
  }
}
