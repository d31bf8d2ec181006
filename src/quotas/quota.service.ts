import type { Kysely } from 'kysely';
import { MemoryBatch, tenantDataKey, type BatchStore } from '../cache/index.ts';
import type { ShardTables } from '../db/index.ts';
import { QuotaExceededError } from './quota.errors.ts';
import {
  QUOTA_NAMES,
  secondsUntilNextUtcDay,
  utcDay,
  type QuotaLimits,
  type QuotaName,
  type QuotaUsage,
} from './quota.limits.ts';
import { TOTAL, type QuotaUsageRepository } from './quota-usage.repository.ts';
import type { StreamSlots } from './stream-slots.ts';
import type { QuotaOverrides } from './quota-limit.repository.ts';

/** Where a tenant's own limits are kept (cached), and changed by an operator. */
export interface TenantQuotaLimits {
  of(tenantId: string): Promise<QuotaOverrides>;
  change(tenantId: string, changes: Partial<Record<QuotaName, number | null>>): Promise<void>;
}

/** A shard transaction the counted row is written in. */
type Trx = Kysely<ShardTables>;

const MINUTE_MS = 60_000;
/** Open event streams renew slowly: a hint, since a slot frees only when one of the tenant's streams closes. */
const STREAM_RETRY_SECONDS = 30;
/** A tenant over its analysis backlog: a hint, the backlog clears at the rate the analysis workers run. */
const BACKLOG_RETRY_SECONDS = 10;

/**
 * Enforces the tenant quotas. What a tenant holds (rules, files, bytes) and what it may do per UTC day
 * (uploads, batch ids) is counted in PostgreSQL on its shard, in the transaction that writes the counted rows,
 * so counts are durable and exact under concurrency. Events per minute are windows in Redis (or memory): losing
 * one minute's count is harmless. Open event streams are leased slots (see `StreamSlots`). The analysis backlog
 * (analyses pending or running) is counted from the analyses themselves, before an upload is read: backpressure,
 * so concurrent uploads may pass it by a few, and nothing accepted is ever dropped. Every limit is the default
 * (QUOTA_* variables) unless an operator set the tenant's own.
 */
export class QuotaService {
  readonly #fallbackWindows = new MemoryBatch();
  /** Upload checks in flight per tenant and day: concurrent uploads of a tenant share one query. */
  readonly #uploadChecks = new Map<string, Promise<{ counters: Map<string, number>; backlog: number }>>();

  constructor(
    private readonly defaults: QuotaLimits,
    private readonly tenantLimits: TenantQuotaLimits,
    private readonly usage: QuotaUsageRepository,
    private readonly windows: BatchStore,
    private readonly streams: StreamSlots,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Refuses an upload before its bytes are read when a quota it needs is already used up, or when the tenant's
   * analyses not yet finished reach `analysis_backlog` (429: accepted uploads are all processed, new ones wait).
   * Concurrent checks of one tenant share one query.
   */
  async checkUpload(tenantId: string): Promise<void> {
    const today = utcDay(this.now());
    const limits = await this.limitsOf(tenantId);
    const { counters: used, backlog } = await this.#uploadUsage(tenantId, today, limits);
    const full = (quota: QuotaName, period: string) => (used.get(`${quota}/${period}`) ?? 0) >= limits[quota];
    if (full('uploads_per_day', today))
      throw this.#dailyError('uploads_per_day', limits, used.get(`uploads_per_day/${today}`));
    for (const quota of ['files', 'stored_bytes'] as const) {
      if (full(quota, TOTAL))
        throw new QuotaExceededError(quota, limits[quota], used.get(`${quota}/${TOTAL}`)!);
    }
    const backlogLimit = limits.analysis_backlog;
    if (backlog >= backlogLimit) {
      throw new QuotaExceededError('analysis_backlog', backlogLimit, backlog, BACKLOG_RETRY_SECONDS);
    }
  }

  /**
   * Counts `count` uploads of `sizeBytes` in all in the transaction that inserts their file rows (one statement);
   * throws when a quota would be exceeded, and the caller's transaction then counts nothing.
   */
  async reserveUploads(trx: Trx, tenantId: string, count: number, sizeBytes: number): Promise<void> {
    const today = utcDay(this.now());
    const limits = await this.limitsOf(tenantId);
    // Always this order (the counter rows are locked in it): concurrent uploads never deadlock.
    const increments = [
      { quota: 'files' as const, period: TOTAL, amount: count },
      { quota: 'stored_bytes' as const, period: TOTAL, amount: sizeBytes },
      { quota: 'uploads_per_day' as const, period: today, amount: count },
    ].map((increment) => ({ ...increment, limit: limits[increment.quota] }));
    const added = await this.usage.addAll(trx, tenantId, increments);
    if (added.size === increments.length) return;
    const refused = ['uploads_per_day', 'files', 'stored_bytes'] as const;
    const quota = refused.find((name) => !added.has(name))!;
    const period = quota === 'uploads_per_day' ? today : TOTAL;
    const used = (await this.usage.list(tenantId, [period])).get(`${quota}/${period}`) ?? 0;
    if (period === TOTAL) throw new QuotaExceededError(quota, limits[quota], used);
    throw this.#dailyError(quota, limits, used);
  }

  /** Frees a deleted file's slot and bytes, in the transaction that deletes its row (uploads stay counted). */
  async releaseFile(trx: Trx, tenantId: string, sizeBytes: number): Promise<void> {
    await this.usage.subtract(trx, tenantId, 'files', TOTAL, 1);
    await this.usage.subtract(trx, tenantId, 'stored_bytes', TOTAL, sizeBytes);
  }

  /** Counts a new automation rule in the transaction that inserts it; throws when the tenant has its limit. */
  reserveRule(trx: Trx, tenantId: string): Promise<void> {
    return this.#add(trx, tenantId, 'automation_rules', TOTAL, 1);
  }

  /** Frees a deleted rule's slot, in the transaction that deletes it. */
  releaseRule(trx: Trx, tenantId: string): Promise<void> {
    return this.usage.subtract(trx, tenantId, 'automation_rules', TOTAL, 1);
  }

  /** Counts `count` file ids of a batch against today's quota (all or none); 429 until midnight UTC when full. */
  reserveBatchIds(tenantId: string, count: number): Promise<void> {
    return this.#add(undefined, tenantId, 'batch_ids_per_day', utcDay(this.now()), count);
  }

  /** Counts one submitted event in this UTC minute; 429 until the next minute when the tenant is over. */
  async takeEvent(tenantId: string): Promise<void> {
    const now = this.now().getTime();
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const key = tenantDataKey(tenantId, 'quota_events', minute);
    const increment = [{ key, by: 1, ttlMs: 2 * MINUTE_MS }];
    const [count = 0] = await this.windows
      .incrMany(increment)
      .catch(() => this.#fallbackWindows.incrMany(increment)); // Redis down: this process counts alone
    const limit = (await this.limitsOf(tenantId)).events_per_minute;
    if (count > limit) {
      throw new QuotaExceededError(
        'events_per_minute',
        limit,
        limit,
        Math.ceil((minute + MINUTE_MS - now) / 1000),
      );
    }
  }

  /** Takes one of the tenant's event stream slots; the returned function frees it when the stream closes. */
  async openStream(tenantId: string): Promise<() => void> {
    const limit = (await this.limitsOf(tenantId)).event_streams;
    const release = await this.streams.take(tenantId, limit);
    if (release === undefined)
      throw new QuotaExceededError('event_streams', limit, limit, STREAM_RETRY_SECONDS);
    return release;
  }

  /** Every quota of the tenant with its limit and current use, for `GET /api/me`. */
  async show(tenantId: string): Promise<Record<QuotaName, QuotaUsage>> {
    const now = this.now();
    const today = utcDay(now);
    const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    const limits = await this.limitsOf(tenantId);
    const [{ counters: stored, backlog }, [events], streams] = await Promise.all([
      this.usage.listWithBacklog(tenantId, [TOTAL, today], limits.analysis_backlog),
      this.windows
        .getMany<number>([tenantDataKey(tenantId, 'quota_events', minute)])
        .catch(() => [undefined]),
      this.streams.count(tenantId),
    ]);
    const used: Record<QuotaName, number> = {
      automation_rules: stored.get(`automation_rules/${TOTAL}`) ?? 0,
      files: stored.get(`files/${TOTAL}`) ?? 0,
      stored_bytes: stored.get(`stored_bytes/${TOTAL}`) ?? 0,
      uploads_per_day: stored.get(`uploads_per_day/${today}`) ?? 0,
      // refused attempts count in the window too: shown at most at the limit
      events_per_minute: Math.min(Number(events ?? 0), limits.events_per_minute),
      event_streams: streams,
      batch_ids_per_day: stored.get(`batch_ids_per_day/${today}`) ?? 0,
      analysis_backlog: backlog,
    };
    return Object.fromEntries(
      QUOTA_NAMES.map((name) => [name, { limit: limits[name], used: used[name] }]),
    ) as Record<QuotaName, QuotaUsage>;
  }

  /** The tenant's limits: its own where an operator set them, else the defaults. */
  async limitsOf(tenantId: string): Promise<QuotaLimits> {
    return { ...this.defaults, ...(await this.tenantLimits.of(tenantId)) };
  }

  /** The limits an operator set for this tenant (the others are the defaults). */
  ownLimits(tenantId: string): Promise<QuotaOverrides> {
    return this.tenantLimits.of(tenantId);
  }

  /**
   * Sets the tenant's own limits (a number) or returns them to the default (null); effective in every process
   * at once (the cached limits are invalidated over the bus). Usage is unchanged: a lowered limit refuses the
   * next request that needs room, and never removes what the tenant holds.
   */
  changeLimits(tenantId: string, changes: Partial<Record<QuotaName, number | null>>): Promise<void> {
    return this.tenantLimits.change(tenantId, changes);
  }

  /** Deletes daily counters of past days (run by the daily maintenance job). */
  pruneDailyCounters(): Promise<void> {
    return this.usage.deleteDaysBefore(utcDay(this.now()));
  }

  close(): void {
    this.streams.close();
  }

  async #add(trx: Trx | undefined, tenantId: string, quota: QuotaName, period: string, amount: number) {
    const limits = await this.limitsOf(tenantId);
    const limit = limits[quota];
    if (await this.usage.add(trx, tenantId, quota, period, amount, limit)) return;
    const used = (await this.usage.list(tenantId, [period])).get(`${quota}/${period}`) ?? 0;
    if (period === TOTAL) throw new QuotaExceededError(quota, limit, used);
    throw this.#dailyError(quota, limits, used);
  }

  #uploadUsage(tenantId: string, today: string, limits: QuotaLimits) {
    const key = `${tenantId}/${today}`;
    let pending = this.#uploadChecks.get(key);
    if (!pending) {
      pending = this.usage
        .listWithBacklog(tenantId, [TOTAL, today], limits.analysis_backlog)
        .finally(() => this.#uploadChecks.delete(key));
      this.#uploadChecks.set(key, pending);
    }
    return pending;
  }

  #dailyError(quota: QuotaName, limits: QuotaLimits, used = 0): QuotaExceededError {
    return new QuotaExceededError(quota, limits[quota], used, secondsUntilNextUtcDay(this.now()));
  }
}
