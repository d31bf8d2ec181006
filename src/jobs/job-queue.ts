import PgBoss from 'pg-boss';
import { CompiledQuery, type Transaction } from 'kysely';
import type { ShardTables } from '../db/index.ts';

/** Names of the durable job queues. */
export const QUEUES = {
  analyzeFile: 'analyze_file',
  maintainPartitions: 'maintain_partitions',
  automationEvent: 'automation_event',
  automationAction: 'automation_action',
  automationSchedule: 'automation_schedule',
  estimate: 'estimate',
} as const;
/** One of the queue names. */
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** A job handler: throws only for infrastructure trouble (the job is then retried with backoff). */
export type JobHandler<T> = (
  data: T,
  meta: { id: string; retryCount: number; retryLimit: number },
) => Promise<void>;

/** Options shared by every shard's queue. */
export interface JobQueueOptions {
  /** A job held by a worker that died is retried after this long. */
  expireSeconds: number;
  /** Whether this process runs maintenance (expiry, retries) and cron, i.e. whether it is a worker. */
  work: boolean;
  onError?: (error: unknown) => void;
}

/**
 * Durable jobs on pg-boss, one queue schema per shard, so a job is added in the same transaction
 * as the row it is about. A shard's jobs run against that shard.
 */
export class JobQueue {
  private readonly bosses = new Map<number, PgBoss>();

  constructor(
    private readonly shardUrls: ReadonlyMap<number, string>,
    private readonly options: JobQueueOptions,
  ) {}

  /** Creates (migrates) every shard's queue schema and queues. */
  async start(): Promise<void> {
    const work = this.options.work;
    for (const [shardId, url] of this.shardUrls) {
      const boss = new PgBoss({
        connectionString: url,
        schema: 'pgboss',
        max: 4,
        application_name: `construction-ai-jobs-${shardId}`,
        supervise: work,
        schedule: work,
        maintenanceIntervalSeconds: Math.max(5, Math.min(60, Math.floor(this.options.expireSeconds / 2))),
      });
      boss.on('error', (error) => this.options.onError?.(error));
      await boss.start();
      for (const name of Object.values(QUEUES)) {
        await boss.createQueue(name, {
          name,
          retryLimit: 5,
          retryDelay: 5,
          retryBackoff: true,
          expireInSeconds: this.options.expireSeconds,
        });
      }
      this.bosses.set(shardId, boss);
    }
  }

  /** Adds a job inside the caller's transaction on that shard: it exists only if the transaction commits. */
  async enqueueInTransaction(
    trx: Transaction<ShardTables>,
    shardId: number,
    name: QueueName,
    data: object,
  ): Promise<void> {
    const db = {
      executeSql: async (text: string, values: unknown[]) => {
        const result = await trx.executeQuery(CompiledQuery.raw(text, values));
        return { rows: result.rows };
      },
    };
    await this.boss(shardId).send(name, data, { db });
  }

  /** Adds a job on a shard outside any transaction. */
  async enqueue(
    shardId: number,
    name: QueueName,
    data: object,
    options: PgBoss.SendOptions = {},
  ): Promise<void> {
    await this.boss(shardId).send(name, data, options);
  }

  /** Runs `handler` for `name` on every shard, `concurrency` jobs at a time per shard. */
  async work<T>(name: QueueName, concurrency: number, handler: JobHandler<T>): Promise<void> {
    for (const boss of this.bosses.values()) {
      const options = { batchSize: concurrency, includeMetadata: true as const, pollingIntervalSeconds: 0.5 };
      await boss.work<T>(name, options, async (jobs) => {
        await Promise.all(
          jobs.map(async (job) => {
            try {
              await handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
            } catch (error) {
              this.options.onError?.(error);
              await boss.fail(name, job.id, {
                message: error instanceof Error ? error.message : String(error),
              });
            }
          }),
        );
      });
    }
  }

  /** Registers a cron schedule for `name` on every shard (pg-boss keeps one firing per slot). */
  async schedule(name: QueueName, cron: string): Promise<void> {
    for (const boss of this.bosses.values()) await boss.schedule(name, cron, {}, { tz: 'UTC' });
  }

  /** Counts of jobs per queue and state on every shard, for metrics. */
  async counts(): Promise<Array<{ shardId: number; queue: string; state: string; count: number }>> {
    const rows: Array<{ shardId: number; queue: string; state: string; count: number }> = [];
    for (const [shardId, boss] of this.bosses) {
      for (const name of Object.values(QUEUES)) {
        rows.push({ shardId, queue: name, state: 'queued', count: await boss.getQueueSize(name) });
      }
    }
    return rows;
  }

  /** Stops polling and waits (bounded) for running jobs. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.bosses.values()].map((boss) => boss.stop({ graceful: true, timeout: 10_000, wait: true })),
    );
    this.bosses.clear();
  }

  private boss(shardId: number): PgBoss {
    const boss = this.bosses.get(shardId);
    if (!boss) throw new Error(`job queue not started for shard ${shardId}`);
    return boss;
  }
}
