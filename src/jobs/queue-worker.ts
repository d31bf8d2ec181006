// One queue on one shard: a fetch loop that keeps up to `concurrency` handlers running. It fetches as many
// jobs as there are free handler slots (at most MAX_BATCH), fetches again at once while the last fetch found
// jobs, and otherwise sleeps until a NOTIFY of a new job (`wake`) or the fallback poll (retries whose backoff
// ran out, missed notifications). Jobs are never held in memory beyond the free slots, so the fair order of the
// fetch is the order in which jobs start.
import type { JobOutcomes } from './job-outcomes.ts';

/** A job as the fetch returns it. */
export interface FetchedJob {
  id: string;
  data: unknown;
  retryCount: number;
  retryLimit: number;
  expireInSeconds: number;
}

/**
 * Runs one job; a rejection fails the job (retried with backoff). `started` says the job's own work begins
 * now (see `renew`); it does nothing for queues without `renew`.
 */
export type RunJob = (job: FetchedJob, started: () => void) => Promise<void>;

/** Most jobs one fetch takes. */
export const MAX_BATCH = 100;

/** How a QueueWorker fetches, runs and reports. */
export interface QueueWorkerOptions {
  name: string;
  concurrency: number;
  fetch(limit: number): Promise<FetchedJob[]>;
  run: RunJob;
  outcomes: JobOutcomes;
  /** Fallback poll while idle (ms). */
  pollMs: number;
  /**
   * For jobs that wait in this process after their fetch (for an analysis thread): renews the lease of the
   * jobs `ids` (their expiry counts from now again). With it, a job's expiry clock runs from its last renewal
   * to its `started`, so jobs that waited behind long runs are not expired and run twice; a process that dies
   * stops renewing, and its jobs expire as before.
   */
  renew?(ids: string[]): Promise<void>;
  onError(error: unknown): void;
}

/** The fetch loop and handler slots of one queue on one shard. */
export class QueueWorker {
  readonly #running = new Map<string, Promise<void>>();
  /** Jobs fetched and not yet started (with `renew`) → when their lease last began (ms). */
  readonly #waiting = new Map<string, number>();
  #renewal: NodeJS.Timeout | undefined;
  #fetching = false;
  #again = false;
  #stopped = false;
  #scheduled = false;
  #poll: NodeJS.Timeout | undefined;
  /** The fetch in flight (resolved when none): jobs it returns start even after `stop`, so stop waits for it. */
  #fetch: Promise<void> = Promise.resolve();

  constructor(private readonly o: QueueWorkerOptions) {}

  /** Starts fetching. */
  start(): void {
    this.wake();
  }

  /** A job may be waiting (a NOTIFY arrived, or a handler slot freed): fetch unless a fetch is running. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#fetching) {
      this.#again = true;
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    // one macrotask of gathering: handlers finishing together free their slots for one fetch, not one each
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#fetching) this.#fetch = this.#fetchLoop();
    });
  }

  /** The queue this worker takes jobs from. */
  get name(): string {
    return this.o.name;
  }

  /** Jobs running now (ids). */
  get running(): number {
    return this.#running.size;
  }

  /** Stops fetching and waits up to `timeoutMs` for running handlers; returns the ids still running. */
  async stop(timeoutMs: number): Promise<string[]> {
    this.#stopped = true;
    clearTimeout(this.#poll);
    clearInterval(this.#renewal);
    this.#renewal = undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    // a fetch still running when the worker stops starts what it took: wait for it, then for every handler
    const settled = this.#fetch.then(() => Promise.allSettled(this.#running.values()));
    await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return [...this.#running.keys()];
  }

  async #fetchLoop(): Promise<void> {
    if (this.#stopped || this.#fetching) return;
    this.#fetching = true;
    clearTimeout(this.#poll);
    let found = 0;
    try {
      do {
        this.#again = false;
        const free = this.o.concurrency - this.#running.size;
        if (free <= 0 || this.#stopped) break;
        const fetchedAt = Date.now(); // the server's lease begins no earlier than this
        const jobs = await this.o.fetch(Math.min(free, MAX_BATCH));
        for (const job of jobs) this.#start(job, fetchedAt);
        found = jobs.length;
        // found jobs: the queue may hold more; a NOTIFY during the fetch: a job may have come after its snapshot
      } while ((found > 0 || this.#again) && !this.#stopped);
    } catch (error) {
      this.o.onError(error);
      found = 0;
    } finally {
      this.#fetching = false;
    }
    if (this.#stopped) return;
    if (found === 0 && this.#running.size < this.o.concurrency) {
      this.#poll = setTimeout(() => this.wake(), this.o.pollMs);
      this.#poll.unref();
    }
  }

  #start(job: FetchedJob, fetchedAt: number): void {
    const done = this.#runWithin(job, fetchedAt)
      .then(
        () => this.o.outcomes.complete(job.id),
        (error: unknown) => {
          this.o.onError(error);
          this.o.outcomes.fail(job.id, error instanceof Error ? error.message : String(error));
        },
      )
      .finally(() => {
        this.#running.delete(job.id);
        this.wake();
      });
    this.#running.set(job.id, done);
  }

  /**
   * The handler, given up (failed, so retried) when the job's lease runs out, as pg-boss's own workers do: its
   * expiry after the fetch or, with `renew`, after the last renewal before it started.
   */
  async #runWithin(job: FetchedJob, fetchedAt: number): Promise<void> {
    const limitMs = Math.max(1, job.expireInSeconds) * 1000;
    let timer: NodeJS.Timeout | undefined;
    let expire!: (error: Error) => void;
    const expired = new Promise<never>((_, reject) => (expire = reject));
    const started = () => {
      if (timer !== undefined) return;
      const leaseFrom = this.#waiting.get(job.id) ?? fetchedAt;
      this.#waiting.delete(job.id);
      timer = setTimeout(
        () => expire(new Error(`${this.o.name} job ${job.id} ran longer than its expiry (${limitMs} ms)`)),
        Math.max(0, leaseFrom + limitMs - Date.now()),
      );
    };
    if (this.o.renew) {
      this.#waiting.set(job.id, fetchedAt);
      this.#renewWhileWaiting(limitMs);
    } else {
      started();
    }
    try {
      await Promise.race([this.o.run(job, started), expired]);
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(job.id);
    }
  }

  /** Renews the waiting jobs' leases every quarter expiry while any waits (one statement for all of them). */
  #renewWhileWaiting(limitMs: number): void {
    if (this.#renewal) return;
    this.#renewal = setInterval(() => {
      const ids = [...this.#waiting.keys()];
      if (ids.length === 0) {
        clearInterval(this.#renewal);
        this.#renewal = undefined;
        return;
      }
      const at = Date.now();
      this.o.renew!(ids).then(
        () => ids.forEach((id) => this.#waiting.has(id) && this.#waiting.set(id, at)),
        (error: unknown) => this.o.onError(error),
      );
    }, limitMs / 4);
    this.#renewal.unref();
  }
}
