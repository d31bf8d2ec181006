import { tenantDataKey, type BatchStore } from '../cache/index.ts';

const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;

/** Per-tenant daily counters of work queued by batches, incremented in one pipelined round trip. */
export class BatchUsage {
  constructor(private readonly store: BatchStore) {}

  /** Adds today's queued counts per action; returns today's totals, or null when the counters are unavailable. */
  async record(tenantId: string, queued: Record<string, number>): Promise<Record<string, number> | null> {
    const day = new Date().toISOString().slice(0, 10);
    const entries = Object.entries(queued).filter(([, count]) => count > 0);
    if (entries.length === 0) return {};
    try {
      const totals = await this.store.incrMany(
        entries.map(([action, by]) => ({
          key: tenantDataKey(tenantId, 'batch_queued', action, day),
          by,
          ttlMs: TWO_DAYS_MS,
        })),
      );
      return Object.fromEntries(entries.map(([action], i) => [action, totals[i] ?? 0]));
    } catch {
      return null; // best effort: a Redis outage never fails a batch
    }
  }
}
