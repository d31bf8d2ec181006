import { AppError } from '../shared/app-error.ts';
import type { QuotaName } from './quota.limits.ts';

/**
 * A tenant reached a quota. 403 for what the tenant holds (rules, files, stored bytes: waiting does not help,
 * deleting does), 429 with `Retry-After` for what renews with time (per day, per minute, open streams).
 */
export class QuotaExceededError extends AppError {
  constructor(
    readonly quota: QuotaName,
    limit: number,
    used: number,
    /** Set for the 429s: seconds until the quota has room again (a hint for event streams). */
    readonly retryAfterSeconds?: number,
  ) {
    const retry = retryAfterSeconds === undefined ? '' : `; retry after ${retryAfterSeconds} s`;
    super(
      'QUOTA_EXCEEDED',
      retryAfterSeconds === undefined ? 403 : 429,
      `quota ${quota} exceeded: ${used} of ${limit} used${retry}`,
      { details: { quota, limit, used, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) } },
    );
  }
}
