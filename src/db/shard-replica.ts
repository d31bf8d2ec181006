import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { parseLsn, ReplicaLag } from './replica-lag.ts';
import { redactPassword } from './shard-registry.ts';
import type { ShardTables } from './schema.ts';

/** When a replica may serve reads, and how read-your-writes is kept. */
export interface ReplicaPolicy {
  /** A replica whose staleness exceeds this is skipped until it catches up. */
  maxLagMs: number;
  /** Interval of the lag probe (one query on the primary and one on the replica). */
  pollMs: number;
  /**
   * After a tenant's write, its reads stay on the primary until the replica has replayed past the write's
   * LSN, and at most this long (a replica still behind by then lags more than `maxLagMs`: it is skipped).
   */
  pinMs: number;
}

/** A replica's health as exported to metrics and `/ready`. */
export interface ReplicaStatus {
  shardId: number;
  url: string;
  up: boolean;
  lagMs: number;
  lagBytes: number;
  /** Whether staleness-tolerant reads go to it now. */
  serving: boolean;
}

/**
 * One streaming replica of a shard: its pool, a lag probe, and the tenants whose recent writes it has not
 * replayed yet. Reads given to it that cannot connect fall back to the primary's pool, so a replica that
 * dies between two probes costs no failed request.
 */
export class ShardReplica {
  readonly db: Kysely<ShardTables>;
  readonly #pool: pg.Pool;
  readonly #lag: ReplicaLag;
  #up = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Per tenant: the WAL position of its last write, and when the pin lapses regardless. */
  readonly #pins = new Map<string, { lsn: bigint; until: number }>();

  constructor(
    readonly shardId: number,
    readonly url: string,
    private readonly primary: () => Database<ShardTables>,
    private readonly policy: ReplicaPolicy,
  ) {
    this.#lag = new ReplicaLag(Math.max(policy.maxLagMs, policy.pinMs) * 2);
    this.#pool = new pg.Pool({
      connectionString: url,
      max: 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 2_000,
    });
    this.#pool.on('error', () => undefined);
    this.#pool.on('connect', (client) => client.on('error', () => undefined));
    this.db = new Kysely<ShardTables>({ dialect: new PostgresDialect({ pool: this.#fallbackPool() }) });
  }

  /** Starts the lag probe; the replica serves nothing until a first probe found it caught up. */
  start(): void {
    const tick = async () => {
      await this.probe();
      if (!this.#closed) this.#timer = setTimeout(() => void tick(), this.policy.pollMs).unref();
    };
    void tick();
  }

  /** Reads both WAL positions once and updates the lag and health (tests call it to skip the wait). */
  async probe(): Promise<void> {
    const at = Date.now();
    try {
      const primary = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(
        this.primary().db,
      );
      const replica = await this.#pool.query<{ lsn: string | null }>(
        'SELECT pg_last_wal_replay_lsn()::text AS lsn',
      );
      const replayed = replica.rows[0]?.lsn;
      // null: not a replica (promoted, or misconfigured), whose data is no copy of this primary's
      if (!replayed) throw new Error('not in recovery');
      const now = Date.now();
      this.#lag.record(at, parseLsn(primary.rows[0]!.lsn), parseLsn(replayed), now);
      this.#up = true;
      this.#sweepPins(now);
    } catch {
      this.#up = false;
    }
  }

  /** Whether `tenantId`'s staleness-tolerant reads may go here now. */
  servesTenant(tenantId: string): boolean {
    if (!this.serving()) return false;
    const pin = this.#pins.get(tenantId);
    if (pin === undefined) return true;
    if (this.#lag.hasReplayed(pin.lsn) || Date.now() > pin.until) {
      this.#pins.delete(tenantId);
      return true;
    }
    return false;
  }

  /** Whether this replica had replayed past `lsn` at its last probe. */
  hasReplayed(lsn: bigint): boolean {
    return this.#lag.hasReplayed(lsn);
  }

  /** Keeps `tenantId`'s reads on the primary until this replica has replayed past `lsn` (or the pin lapses). */
  pin(tenantId: string, lsn: bigint): void {
    this.#pins.set(tenantId, { lsn, until: Date.now() + this.policy.pinMs });
  }

  status(): ReplicaStatus {
    const { shardId } = this;
    return {
      ...{ shardId, url: redactPassword(this.url), up: this.#up, lagMs: this.#lag.lagMs },
      ...{ lagBytes: this.#lag.lagBytes, serving: this.serving() },
    };
  }

  /** Stops the probe and closes the pool. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.db.destroy();
  }

  private serving(): boolean {
    return this.#up && this.#lag.lagMs <= this.policy.maxLagMs;
  }

  #sweepPins(now: number): void {
    for (const [tenantId, pin] of this.#pins)
      if (now > pin.until || this.#lag.hasReplayed(pin.lsn)) this.#pins.delete(tenantId);
  }

  /**
   * The pool Kysely reads through: a replica connection, or the primary's when the replica cannot be
   * reached. A read whose replica connection breaks under it (the server died since the last probe) runs
   * again on the primary: these are reads only, so running one twice is harmless.
   */
  #fallbackPool(): PostgresPool {
    return {
      connect: async (): Promise<PostgresPoolClient> => {
        let client: pg.PoolClient;
        try {
          client = await this.#pool.connect();
        } catch {
          this.#up = false;
          return this.primary().pool.connect();
        }
        return this.#retryingOnPrimary(client);
      },
      end: () => this.#pool.end(),
    };
  }

  #retryingOnPrimary(client: pg.PoolClient): PostgresPoolClient {
    let broken = false;
    const query = async (text: string, values: ReadonlyArray<unknown>) => {
      try {
        return await client.query(text, values as unknown[]);
      } catch (error) {
        if (!isConnectionLoss(error)) throw error;
        broken = true;
        this.#up = false;
        const primary = await this.primary().pool.connect();
        try {
          return await primary.query(text, values as unknown[]);
        } finally {
          primary.release();
        }
      }
    };
    return {
      query: query as unknown as PostgresPoolClient['query'], // no cursors are read from replicas
      release: (destroy?: boolean) => client.release(broken || destroy),
    };
  }
}

/** SQLSTATE class 57 (operator intervention: shutdown, crash) and 08 (connection exception). */
const LOST_CONNECTION_STATES = /^(57P0[1-3]|08)/;

/** Whether `error` says the connection went away (rather than the query being wrong). */
function isConnectionLoss(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return LOST_CONNECTION_STATES.test(code) || /^E[A-Z]+$/.test(code);
  return typeof message === 'string' && /Connection terminated|not queryable/i.test(message);
}
