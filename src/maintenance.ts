import { premakeMonthPartitions, type ShardRouter } from './db/index.ts';
import { QUEUES, type JobQueue } from './jobs/index.ts';
import type { RetentionService } from './analytics/index.ts';
import type { QuotaService } from './quotas/index.ts';
import type { SessionService } from './users/index.ts';

/**
 * The nightly job: next months' partitions on every shard, runs and notifications past their retention,
 * daily quota counters past their day,
 * sessions that ended more than a day ago, and the fair fetch's turns of tenants idle for a day.
 */
export async function startMaintenance(
  jobs: JobQueue,
  router: ShardRouter,
  quotas: QuotaService,
  sessions: SessionService,
  retention: RetentionService,
): Promise<void> {
  await jobs.work(QUEUES.maintainPartitions, 1, async () => {
    for (const [, shard] of router.all()) await premakeMonthPartitions(shard.db, new Date());
    await retention.premake(new Date());
    await retention.retire(new Date());
    await quotas.pruneDailyCounters();
    await jobs.pruneTurns();
    await sessions.prune();
  });
  await jobs.schedule(QUEUES.maintainPartitions, '17 3 * * *');
}
