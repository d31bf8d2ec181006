import type { InboxRepository, NotificationRecord } from './inbox.repository.ts';

/** The tenant's inbox as its owner reads it: notifications (list, mark read) and stored reports. */
export class InboxService {
  constructor(private readonly inbox: InboxRepository) {}

  /** The tenant's notifications, newest first; `before` pages on from an id. */
  listNotifications(
    tenantId: string,
    options: { limit: number; unreadOnly: boolean; before?: string },
  ): Promise<NotificationRecord[]> {
    return this.inbox.listNotifications(tenantId, options);
  }

  /** Marks a notification read; undefined when the tenant has no such notification. */
  markRead(tenantId: string, id: string): Promise<NotificationRecord | undefined> {
    return this.inbox.markRead(tenantId, id);
  }

  /** A report an `export_report` action stored, with its bytes; undefined when the tenant has no such report. */
  getReport(tenantId: string, id: string): ReturnType<InboxRepository['getReport']> {
    return this.inbox.getReport(tenantId, id);
  }
}
