/** The quotas a tenant has, as `GET /api/me` names them. */
export const QUOTA_NAMES = [
  'automation_rules',
  'files',
  'stored_bytes',
  'uploads_per_day',
  'events_per_minute',
  'event_streams',
  'batch_ids_per_day',
  'analysis_backlog',
] as const;

/** One quota's name. */
export type QuotaName = (typeof QUOTA_NAMES)[number];

/** The limit of every quota (the same for every tenant; set through QUOTA_* variables). */
export type QuotaLimits = Readonly<Record<QuotaName, number>>;

/** A quota as shown to the tenant. */
export interface QuotaUsage {
  limit: number;
  used: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day of `now` as `YYYY-MM-DD`: the period of the daily quotas. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Whole seconds (at least 1) until the next UTC midnight, when the daily quotas start again. */
export function secondsUntilNextUtcDay(now: Date): number {
  const nextMidnight = Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS;
  return Math.max(1, Math.ceil((nextMidnight - now.getTime()) / 1000));
}
