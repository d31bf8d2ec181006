import type { Kysely, Selectable } from 'kysely';
import { uuidv7 } from 'uuidv7';

import type { ShardRouter, ShardTables } from '../db/index.ts';

/** A stored notification. */
export type NotificationRecord = Selectable<ShardTables['notifications']>;

/** What an action (or the engine) tells the tenant. */
export interface NewNotification {
  source_key: string;
  title: string;
  message: string;
  rule_id: string | null;
  run_id: string | null;
}

/** What an `export_report` action produced. */
export interface NewReport {
  source_key: string;
  rule_id: string | null;
  run_id: string | null;
  file_id: string | null;
  kind: string;
  format: 'csv' | 'xlsx';
  filename: string;
  content: Buffer;
}

/** Notifications and report files on the tenant's shard; inserts are idempotent per `source_key`. */
export class InboxRepository {
  constructor(private readonly router: ShardRouter) {}

  /** Stores a notification once per source key; returns it (the existing one on a repeat). */
  async notify(tenantId: string, input: NewNotification): Promise<NotificationRecord> {
    const id = uuidv7();
    // Once per source key: the key is in an unpartitioned ledger, since the monthly notifications table's
    // unique keys must hold `created_at` (see the retention migration).
    const inserted = await this.db(tenantId)
      .transaction()
      .execute(async (trx) => {
        const claimed = await trx
          .insertInto('notification_keys')
          .values({ tenant_id: tenantId, source_key: input.source_key, notification_id: id })
          .onConflict((oc) => oc.columns(['tenant_id', 'source_key']).doNothing())
          .returning('notification_id')
          .executeTakeFirst();
        if (!claimed) return undefined;
        return trx
          .insertInto('notifications')
          .values({ tenant_id: tenantId, id, ...input })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
    return (
      inserted ??
      this.db(tenantId)
        .selectFrom('notifications')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('source_key', '=', input.source_key)
        .executeTakeFirstOrThrow()
    );
  }

  /** The tenant's notifications, newest first. */
  async listNotifications(
    tenantId: string,
    options: { limit: number; unreadOnly: boolean; before?: string },
  ) {
    // a list tolerates staleness: a caught-up replica may answer it (never past the tenant's own writes)
    const reader = await this.router.forTenantRead(tenantId);
    let query = reader.selectFrom('notifications').selectAll().where('tenant_id', '=', tenantId);
    if (options.unreadOnly) query = query.where('read_at', 'is', null);
    if (options.before !== undefined) query = query.where('id', '<', options.before);
    return query.orderBy('id', 'desc').limit(options.limit).execute();
  }

  /** Marks a notification read; `undefined` when the tenant has no such notification. */
  async markRead(tenantId: string, id: string): Promise<NotificationRecord | undefined> {
    const db = this.db(tenantId);
    await db
      .updateTable('notifications')
      .set({ read_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('read_at', 'is', null)
      .execute();
    return db
      .selectFrom('notifications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Stores a report once per source key; returns its id. */
  async saveReport(tenantId: string, input: NewReport): Promise<string> {
    const db = this.db(tenantId);
    const inserted = await db
      .insertInto('reports')
      .values({ tenant_id: tenantId, id: uuidv7(), ...input })
      .onConflict((oc) => oc.columns(['tenant_id', 'source_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return inserted.id;
    const existing = await db
      .selectFrom('reports')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('source_key', '=', input.source_key)
      .executeTakeFirstOrThrow();
    return existing.id;
  }

  /** A report with its bytes. */
  async getReport(tenantId: string, id: string) {
    return this.db(tenantId)
      .selectFrom('reports')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  private db(tenantId: string): Kysely<ShardTables> {
    return this.router.forTenant(tenantId);
  }
}
