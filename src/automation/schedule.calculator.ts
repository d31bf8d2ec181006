import { Cron } from 'croner';

import { RuleValidationError } from './automation.errors.ts';

/** Schedules may not fire more often than this (a 6-field pattern with seconds is checked against it). */
export const MIN_SCHEDULE_INTERVAL_MS = 60_000;

/**
 * How many upcoming runs the minimum-interval check inspects (each costs croner ~0.1 ms). For a minimum of a
 * minute or less: a 5-field pattern never fires twice within a minute, so one run (does it fire at all?) is
 * enough; a 6-field pattern that fires twice in a minute does so in every minute it matches, so inside its
 * first 62 runs (the rest of the current minute, then the whole next matching minute).
 */
function intervalSample(pattern: string, minIntervalMs: number): number {
  if (minIntervalMs > 60_000) return 500;
  return pattern.trim().split(/\s+/).length === 5 ? 1 : 62;
}

function cronFor(pattern: string, timezone: string): Cron {
  // No callback: croner then only computes dates and never starts a timer.
  return new Cron(pattern, { timezone, mode: '5-or-6-parts' });
}

/** True when `timezone` is an IANA zone name this runtime knows (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates a cron pattern (5 fields, or 6 with seconds) and IANA time zone at save time: it must parse,
 * fire at least once in the future and never fire twice within `minIntervalMs`.
 * Throws {@link RuleValidationError} at `path` (`.cron` or `.timezone`).
 */
export function validateSchedule(
  pattern: string,
  timezone: string,
  options: { path?: string; now?: Date; minIntervalMs?: number } = {},
): void {
  const path = options.path ?? 'trigger_settings';
  if (!isValidTimeZone(timezone))
    throw new RuleValidationError(`${path}.timezone`, `unknown IANA time zone '${timezone}'`);
  let cron: Cron;
  try {
    cron = cronFor(pattern, timezone);
  } catch (error) {
    throw new RuleValidationError(`${path}.cron`, `not a valid cron pattern: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const minInterval = options.minIntervalMs ?? MIN_SCHEDULE_INTERVAL_MS;
  const runs = cron.nextRuns(intervalSample(pattern, minInterval), options.now ?? new Date());
  if (runs.length === 0) throw new RuleValidationError(`${path}.cron`, 'the pattern never fires');
  for (let i = 1; i < runs.length; i++) {
    const gap = runs[i]!.getTime() - runs[i - 1]!.getTime();
    if (gap < minInterval) {
      throw new RuleValidationError(
        `${path}.cron`,
        `fires every ${gap / 1000} s; the minimum interval is ${minInterval / 1000} s`,
      );
    }
  }
}

/** The first slot strictly after `after`, in real (UTC) time; `null` when the pattern never fires again. */
export function nextRunAt(pattern: string, timezone: string, after: Date): Date | null {
  return cronFor(pattern, timezone).nextRun(after);
}

/**
 * The slot a scheduler should run now: the latest slot in `(since, now]`, or `null` if none is due.
 * After downtime several slots may have been missed; only the latest runs (once), the rest are skipped.
 * `since` is the slot that last ran (or the rule's creation time).
 */
export function dueSlot(pattern: string, timezone: string, since: Date, now: Date): Date | null {
  if (now.getTime() <= since.getTime()) return null;
  // previousRuns excludes a slot exactly at the reference second; one ms later includes it.
  const [latest] = cronFor(pattern, timezone).previousRuns(1, new Date(now.getTime() + 1));
  if (latest === undefined || latest.getTime() <= since.getTime() || latest.getTime() > now.getTime())
    return null;
  return latest;
}
