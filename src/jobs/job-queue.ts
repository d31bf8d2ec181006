import PgBoss from 'pg-boss';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { NotificationListener, type ShardTables } from '../db/index.ts';
import { JobOutcomes } from './job-outcomes.ts';
import {
  FAIR_FETCH_SQL,
  JOB_CHANNEL,
  PRUNE_TURNS_SQL,
  QUEUE_DEPTH_SQL,
  RENEW_LEASES_SQL,
  SCHEMA,
  SETUP_SQL,
} from './job-queue.sql.ts';
import { QueueWorker, type FetchedJob } from './queue-worker.ts';

/** Names of the durable job queues. */
export const QUEUES = {
  analyzeFile: 'analyze_file',
  maintainPartitions: 'maintain_partitions',
  automationEvent: 'automation_event',
  automationAction: 'automation_action',
  automationSchedule: 'automation_schedule',
  estimate: 'estimate',
  /** Jobs that failed their last attempt, kept for inspection (nobody works this queue). */
  deadLetter: 'dead_letter',
} as const;
/** One of the queue names. */
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** A job handler: throws only for infrastructure trouble (the job is then retried with backoff). */
export type JobHandler<T> = (data: T, meta: JobMeta) => Promise<void>;

/** What a handler knows of its job. */
export interface JobMeta {
  id: string;
  retryCount: number;
  retryLimit: number;
  /** Its own work begins now, after waiting for a local resource (see `work`'s `waitsForStart`). */
  started(): void;
}

/** Options shared by every shard's queue. */
export interface JobQueueOptions {
  /** A job held by a worker that died is retried after this long. */
  expireSeconds: number;
  /** Whether this process runs maintenance (expiry, retries) and cron, i.e. whether it is a worker. */
  work: boolean;
  /** Fallback poll of an idle queue (ms): new jobs wake the workers at once over NOTIFY (default 1000). */
  pollMs?: number;
  onError?: (error: unknown) => void;
  log?: (line: string) => void;
}

/** Queued jobs and the age of the oldest, per shard and queue (metrics). */
export interface QueueDepth {
  shardId: number;
  queue: string;
  state: 'queued';
  count: number;
  oldestSeconds: number;
}

interface WorkRegistration {
  name: QueueName;
  concurrency: number;
  handler: JobHandler<unknown>;
  waitsForStart: boolean;
}

interface Shard {
  boss: PgBoss;
  outcomes: Map<string, JobOutcomes>;
  workers: QueueWorker[];
  listener: NotificationListener | undefined;
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * The fair fetch as a named prepared statement (planned once per connection, not per fetch). pg-boss hands its
 * `executeSql` text to `pg`'s `pool.query`, which takes a query config in its place; pg-boss's pool is a direct
 * connection (no pgbouncer in transaction mode), where prepared statements are safe.
 */
const FAIR_FETCH = { name: 'cai_fair_fetch', text: FAIR_FETCH_SQL } as unknown as string;

/**
 * Durable jobs on pg-boss, one queue schema per shard, so a job is added in the same transaction as the row it
 * is about; a shard's jobs run against that shard. pg-boss keeps retries with backoff, the dead letter queue,
 * expiry of jobs whose worker died, and cron. The workers are this module's own: a fetch loop per queue and
 * shard woken by NOTIFY, handler concurrency apart from the fetch batch, outcomes written in batches, and a
 * fetch that is fair across tenants (a job's `tenantId` is its fairness key).
 */
export class JobQueue {
  readonly #shards = new Map<number, Shard>();
  /** What `work` and `schedule` were asked for, replayed on a shard added or repointed later. */
  readonly #registrations: WorkRegistration[] = [];
  readonly #schedules: Array<{ name: QueueName; cron: string }> = [];

  constructor(
    private readonly shardUrls: ReadonlyMap<number, string>,
    private readonly options: JobQueueOptions,
  ) {}

  /** Creates (migrates) every shard's queue schema and queues; a worker process also listens for new jobs. */
  async start(): Promise<void> {
    for (const [shardId, url] of this.shardUrls) this.#shards.set(shardId, await this.#open(shardId, url));
  }

  /**
   * Starts the queue of a shard added while running (`shard add`): its schema and queues, and the same
   * workers and schedules the other shards have.
   */
  async addShard(shardId: number, url: string): Promise<void> {
    if (this.#shards.has(shardId)) return;
    const shard = await this.#open(shardId, url);
    this.#shards.set(shardId, shard);
    for (const registration of this.#registrations) this.#startWorker(shard, registration);
    for (const { name, cron } of this.#schedules) await shard.boss.schedule(name, cron, {}, { tz: 'UTC' });
  }

  /**
   * Moves shard `shardId`'s queue to its new primary (after a failover): workers start there for every
   * queue worked so far, and the old server's stop. A job a stopped worker held runs again after its expiry.
   */
  async repoint(shardId: number, url: string): Promise<void> {
    const old = this.#shards.get(shardId);
    const shard = await this.#open(shardId, url);
    this.#shards.set(shardId, shard);
    for (const registration of this.#registrations) this.#startWorker(shard, registration);
    if (old) await this.#stopShard(old, 0, false);
  }

  /** Connects a shard's pg-boss, creates its schema and queues, and (in a worker) listens for new jobs. */
  async #open(shardId: number, url: string): Promise<Shard> {
    const work = this.options.work;
    const boss = new PgBoss({
      connectionString: url,
      schema: SCHEMA,
      max: 4,
      application_name: `construction-ai-jobs-${shardId}`,
      supervise: work,
      schedule: work,
      maintenanceIntervalSeconds: Math.max(5, Math.min(60, Math.floor(this.options.expireSeconds / 2))),
    });
    boss.on('error', (error) => this.options.onError?.(error));
    await boss.start();
    await boss.getDb().executeSql(`BEGIN; ${SETUP_SQL} COMMIT;`, []);
    await boss.createQueue(QUEUES.deadLetter, { name: QUEUES.deadLetter, retryLimit: 0 });
    for (const name of Object.values(QUEUES)) {
      if (name === QUEUES.deadLetter) continue;
      await boss.createQueue(name, {
        name,
        retryLimit: 5,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: this.options.expireSeconds,
        deadLetter: QUEUES.deadLetter,
      });
    }
    const shard: Shard = { boss, outcomes: new Map(), workers: [], listener: undefined };
    if (work) shard.listener = await this.#listen(shard, url);
    return shard;
  }

  /** Adds a job inside the caller's transaction on that shard: it exists (and wakes a worker) only if it commits. */
  async enqueueInTransaction(
    trx: Transaction<ShardTables>,
    shardId: number,
    name: QueueName,
    data: object,
  ): Promise<void> {
    await this.#shard(shardId).boss.send(name, data, {
      db: inTransaction(trx),
      singletonKey: fairnessKey(data),
    });
  }

  /** Adds many jobs in one statement inside the caller's transaction (see `enqueueMany` for their order). */
  async enqueueManyInTransaction(
    trx: Kysely<ShardTables>,
    shardId: number,
    name: QueueName,
    data: readonly object[],
  ): Promise<void> {
    if (data.length === 0) return;
    await this.#shard(shardId).boss.insert(jobInserts(name, data), { db: inTransaction(trx) });
  }

  /** Adds a job on a shard outside any transaction. */
  async enqueue(
    shardId: number,
    name: QueueName,
    data: object,
    options: PgBoss.SendOptions = {},
  ): Promise<void> {
    await this.#shard(shardId).boss.send(name, data, { singletonKey: fairnessKey(data), ...options });
  }

  /**
   * Adds many jobs on a shard in one statement (each keyed by its own tenant for the fair order). They share
   * one creation time, so their order among themselves is arbitrary.
   */
  async enqueueMany(shardId: number, name: QueueName, data: readonly object[]): Promise<void> {
    if (data.length === 0) return;
    await this.#shard(shardId).boss.insert(jobInserts(name, data));
  }

  /**
   * Runs `handler` for `name` on every shard, up to `concurrency` jobs at a time per shard. A job that throws
   * is retried with backoff (dead-lettered after its last attempt); one that outlives its expiry is failed.
   */
  async work<T>(
    name: QueueName,
    concurrency: number,
    handler: JobHandler<T>,
    { waitsForStart = false }: { waitsForStart?: boolean } = {},
  ): Promise<void> {
    const registration = { name, concurrency, handler: handler as JobHandler<unknown>, waitsForStart };
    this.#registrations.push(registration);
    for (const shard of this.#shards.values()) this.#startWorker(shard, registration);
  }

  #startWorker(shard: Shard, { name, concurrency, handler, waitsForStart }: WorkRegistration): void {
    const db = shard.boss.getDb();
    const worker = new QueueWorker({
      name,
      concurrency,
      pollMs: this.options.pollMs ?? 1000,
      outcomes: this.#outcomes(shard, name),
      fetch: async (limit) => (await db.executeSql(FAIR_FETCH, [name, limit])).rows as FetchedJob[],
      run: (job, started) =>
        handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit, started }),
      // a handler that waits for its start keeps its lease renewed meanwhile
      renew: waitsForStart
        ? async (ids) => void (await db.executeSql(RENEW_LEASES_SQL, [name, ids]))
        : undefined,
      onError: (error) => this.options.onError?.(error),
    });
    shard.workers.push(worker);
    worker.start();
  }

  /** Registers a cron schedule for `name` on every shard (pg-boss keeps one firing per slot). */
  async schedule(name: QueueName, cron: string): Promise<void> {
    this.#schedules.push({ name, cron });
    for (const { boss } of this.#shards.values()) await boss.schedule(name, cron, {}, { tz: 'UTC' });
  }

  /** Forgets the fair fetch's turns of tenants without jobs for a day, on every shard (nightly maintenance). */
  async pruneTurns(): Promise<void> {
    for (const { boss } of this.#shards.values()) await boss.getDb().executeSql(PRUNE_TURNS_SQL, []);
  }

  /** Queued jobs and the oldest one's age per queue on every shard (one query per shard), for metrics. */
  async counts(): Promise<QueueDepth[]> {
    const depths: QueueDepth[] = [];
    for (const [shardId, { boss }] of this.#shards) {
      const { rows } = await boss.getDb().executeSql(QUEUE_DEPTH_SQL, []);
      const byName = new Map(
        (rows as Array<{ name: string; queued: number; oldestSeconds: number }>).map((r) => [r.name, r]),
      );
      for (const queue of Object.values(QUEUES)) {
        const row = byName.get(queue);
        depths.push({
          shardId,
          queue,
          state: 'queued',
          count: row?.queued ?? 0,
          oldestSeconds: row?.oldestSeconds ?? 0,
        });
      }
    }
    return depths;
  }

  /**
   * Stops fetching, waits (bounded) for running jobs and writes their outcomes; jobs still running then are
   * failed, so they run again after their retry delay instead of after their expiry.
   */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.#shards.values()].map((shard) => this.#stopShard(shard, STOP_TIMEOUT_MS, true)),
    );
    this.#shards.clear();
  }

  /** Stops one shard's listener and workers (waiting up to `timeoutMs` for running jobs), then its pg-boss. */
  async #stopShard(shard: Shard, timeoutMs: number, graceful: boolean): Promise<void> {
    await shard.listener?.close();
    await Promise.all(
      shard.workers.map(async (worker) => {
        const left = await worker.stop(timeoutMs);
        for (const id of left)
          this.#outcomes(shard, worker.name).fail(id, 'the worker shut down while the job ran');
      }),
    );
    if (graceful) await Promise.all([...shard.outcomes.values()].map((outcomes) => outcomes.drain()));
    await shard.boss.stop({ graceful, timeout: STOP_TIMEOUT_MS, wait: graceful });
  }

  #shard(shardId: number): Shard {
    const shard = this.#shards.get(shardId);
    if (!shard) throw new Error(`job queue not started for shard ${shardId}`);
    return shard;
  }

  /** One outcome batcher per queue and shard (pg-boss completes and fails by queue name). */
  #outcomes(shard: Shard, name: string): JobOutcomes {
    let outcomes = shard.outcomes.get(name);
    if (!outcomes) {
      outcomes = new JobOutcomes(
        {
          complete: async (ids) => void (await shard.boss.complete(name, ids)),
          // pg-boss takes many ids with one output at run time; its types list that for complete() only
          fail: async (ids, message) => void (await failMany(shard.boss, name, ids, { message })),
        },
        (error) => this.options.onError?.(error),
      );
      shard.outcomes.set(name, outcomes);
    }
    return outcomes;
  }

  /** A NOTIFY of a new job wakes that queue's workers on the shard; after a gap in listening, all of them. */
  #listen(shard: Shard, url: string): Promise<NotificationListener> {
    const workersOf = (name?: string) => shard.workers.filter((w) => name === undefined || w.name === name);
    return NotificationListener.start(url, JOB_CHANNEL, {
      onNotification: (name) => workersOf(name).forEach((w) => w.wake()),
      onGap: () => workersOf().forEach((w) => w.wake()),
      log: (line) => this.options.log?.(line),
    });
  }
}

/** pg-boss's `fail(name, ids[], data)`, which its type declarations omit. */
function failMany(boss: PgBoss, name: string, ids: string[], data: object): Promise<unknown> {
  const fail = boss.fail.bind(boss) as (name: string, ids: string[], data: object) => Promise<unknown>;
  return fail(name, ids, data);
}

/** The key jobs are taken round-robin by: the tenant a job is about, when it names one. */
function fairnessKey(data: object): string | undefined {
  const tenantId = (data as { tenantId?: unknown }).tenantId;
  return typeof tenantId === 'string' ? tenantId : undefined;
}

/** pg-boss's database port over a Kysely transaction, so its statements join the caller's transaction. */
function inTransaction(trx: Kysely<ShardTables>): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows };
    },
  };
}

/** pg-boss inserts of `data` into queue `name`, each keyed by its own tenant for the fair order. */
function jobInserts(name: QueueName, data: readonly object[]): PgBoss.JobInsert[] {
  return data.map((d) => ({ name, data: d, singletonKey: fairnessKey(d) }));
}
