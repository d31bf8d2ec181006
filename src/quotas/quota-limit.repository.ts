import type { Kysely } from 'kysely';
import type { ControlTables } from '../db/index.ts';
import { QUOTA_NAMES, type QuotaName } from './quota.limits.ts';

/** A tenant's own limits, where an operator set them (the other quotas use the defaults). */
export type QuotaOverrides = Partial<Record<QuotaName, number>>;

/** Per-tenant quota limits in the control database (`tenant_quota_limits`). */
export class QuotaLimitRepository {
  constructor(private readonly control: Kysely<ControlTables>) {}

  async overrides(tenantId: string): Promise<QuotaOverrides> {
    const rows = await this.control
      .selectFrom('tenant_quota_limits')
      .select(['quota', 'quota_limit'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const known = new Set<string>(QUOTA_NAMES);
    return Object.fromEntries(
      rows.filter((r) => known.has(r.quota)).map((r) => [r.quota, Number(r.quota_limit)]),
    );
  }

  /** Sets the limits given as numbers and removes those given as null (back to the default), in one transaction. */
  async change(tenantId: string, changes: Partial<Record<QuotaName, number | null>>): Promise<void> {
    const entries = Object.entries(changes) as Array<[QuotaName, number | null]>;
    const cleared = entries.filter(([, limit]) => limit === null).map(([quota]) => quota);
    const set = entries.filter((entry): entry is [QuotaName, number] => entry[1] !== null);
    await this.control.transaction().execute(async (trx) => {
      if (cleared.length > 0) {
        await trx
          .deleteFrom('tenant_quota_limits')
          .where('tenant_id', '=', tenantId)
          .where('quota', 'in', cleared)
          .execute();
      }
      if (set.length === 0) return;
      await trx
        .insertInto('tenant_quota_limits')
        .values(
          set.map(([quota, limit]) => ({
            tenant_id: tenantId,
            quota,
            quota_limit: limit,
            set_at: new Date(),
          })),
        )
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'quota']).doUpdateSet((eb) => ({
            quota_limit: eb.ref('excluded.quota_limit'),
            set_at: eb.ref('excluded.set_at'),
          })),
        )
        .execute();
    });
  }
}
