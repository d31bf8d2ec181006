import { sql, type Kysely } from 'kysely';
import type { ControlTables } from './schema.ts';
import type { ShardRouter } from './shard-router.ts';
import { notifyDirectoryChange } from './shard-registry.ts';
import {
  applyLoggedChanges,
  copyTenantTable,
  deleteTenantRows,
  type TableChecksum,
} from './shard-move.copy.ts';
import { DEFAULT_MOVE_PACE, type MovePace } from './shard-move.pace.ts';
import {
  catchUp,
  compareBeforeFence,
  describeMismatches,
  ensureTargetPartitions,
} from './shard-move.steps.ts';
import type { MoveVerifier } from './shard-move.verify.ts';
import { installCaptureTriggers, listTenantTables, type TenantTable } from './shard-move.tables.ts';
import { TenantMoveError } from './db.errors.ts';

/** Moves a tenant's waiting jobs between two shards' queues (the job queue's `moveWaitingJobs`). */
export type MoveJobs = (
  source: Kysely<unknown>,
  target: Kysely<unknown>,
  tenantId: string,
) => Promise<number>;

/** What a move is built over. */
export interface TenantMoverOptions {
  control: Kysely<ControlTables>;
  router: ShardRouter;
  moveJobs: MoveJobs;
  log?: (line: string) => void;
  /** Wait between the flip and deleting the source rows, for processes that missed the NOTIFY (ms). */
  graceMs?: number;
  /** Catch-up rounds before the fence stop when a round applies fewer changes than this. */
  fenceWhenBelow?: number;
  /** How gently the copy and the comparisons read the source (other tenants there must not notice). */
  pace?: Partial<MovePace>;
}

/** What a finished move reports (`tenant move --json`). */
export interface TenantMoveResult {
  tenantId: string;
  from: number;
  to: number;
  /** Whether an interrupted move was picked up where it stopped. */
  resumed: boolean;
  rowsCopied: number;
  changesApplied: number;
  jobsMoved: number;
  /** How long the tenant's writes were fenced (they got 503 + Retry-After meanwhile). */
  fenceMs: number;
  durationMs: number;
  tables: Array<{ table: string } & TableChecksum>;
}

/** The two shards of a move: ids and databases. */
interface MoveEnds {
  from: number;
  to: number;
  source: Kysely<unknown>;
  target: Kysely<unknown>;
}

type MoveState = 'copying' | 'catching_up' | 'flipped' | 'done' | 'failed';

/** Key of the advisory lock the capture trigger takes shared and the fence takes exclusively. */
const FENCE_KEY = (tenantId: string) => sql`hashtext('construction-ai:tenant-move'), hashtext(${tenantId})`;

/**
 * Takes the per-tenant mover lock, waiting a few seconds: a mover killed a moment ago holds it until its
 * server backend notices the closed socket, and running the move again right after is how one resumes.
 */
async function lockMover(session: Kysely<ControlTables>, tenantId: string): Promise<boolean> {
  await sql`SET lock_timeout = '5s'`.execute(session);
  try {
    await sql`SELECT pg_advisory_lock(hashtext('construction-ai:tenant-mover'), hashtext(${tenantId}))`.execute(
      session,
    );
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false;
    throw error;
  } finally {
    await sql`RESET lock_timeout`.execute(session);
  }
}

/**
 * Moves one tenant's rows to another shard while it keeps working. Catching up uses a change log kept by a
 * trigger (shard-move.migrations.ts), not logical replication: logical replication needs `wal_level=logical`
 * (a restart; the machine's PostgreSQL 15 runs `replica`), a superuser for the subscription, a network path
 * from the target server to the source, and a slot per move that holds WAL back if the move dies. The change
 * log works on any PostgreSQL 15+, behind pgbouncer, survives restarts of either side, and logs only keys, so
 * applying a change re-reads the row and order does not matter.
 *
 * Steps (the state is kept in `tenant_moves`, so a new run resumes an interrupted one): start logging the
 * tenant's changes on the source; copy every tenant table (paced); apply the log in rounds until it is short;
 * compare both sides by key range while it still writes (shard-move.verify.ts); fence the tenant's writes (an
 * exclusive advisory lock that the trigger's try-lock meets), apply the rest, compare the ranges the log touched
 * since (and any that differed), move its waiting jobs, mark the source 'moved' and flip
 * the placement with a NOTIFY (processes reload and drop the tenant's caches); end the fence; after a grace,
 * delete the source rows. A failure before the flip leaves the tenant on the source, serving as before.
 */
export class TenantMover {
  constructor(private readonly options: TenantMoverOptions) {}

  /** Moves `tenantId` to shard `to` (resuming an interrupted move there). */
  async move(tenantId: string, to: number): Promise<TenantMoveResult> {
    const { control } = this.options;
    return control.connection().execute(async (session) => {
      if (!(await lockMover(session, tenantId)))
        throw new TenantMoveError(`a move of tenant ${tenantId} is already running`);
      try {
        return await this.#run(tenantId, to);
      } finally {
        await sql`SELECT pg_advisory_unlock(hashtext('construction-ai:tenant-mover'), hashtext(${tenantId}))`.execute(
          session,
        );
      }
    });
  }

  async #run(tenantId: string, to: number): Promise<TenantMoveResult> {
    const started = Date.now();
    const { router } = this.options;
    await router.load();
    const target = router.shard(to).db as Kysely<unknown>;
    const known = await sql<{ source_shard: number; target_shard: number; state: MoveState }>`
      SELECT source_shard, target_shard, state FROM tenant_moves WHERE tenant_id = ${tenantId}`.execute(
      this.options.control,
    );
    const previous = known.rows[0];
    const unfinished = previous && previous.state !== 'done' && previous.state !== 'failed';
    if (unfinished && previous.target_shard !== to)
      throw new TenantMoveError(
        `tenant ${tenantId} has an unfinished move to shard ${previous.target_shard}; finish that one first`,
      );
    const from = unfinished ? previous.source_shard : router.shardIdFor(tenantId);
    const source = router.shard(from).db as Kysely<unknown>;
    const result: TenantMoveResult = {
      tenantId,
      from,
      to,
      resumed: Boolean(unfinished),
      rowsCopied: 0,
      changesApplied: 0,
      jobsMoved: 0,
      fenceMs: 0,
      durationMs: 0,
      tables: [],
    };
    if (!unfinished && from === to) return { ...result, durationMs: Date.now() - started };
    const tables = await listTenantTables(source);
    const byName = new Map(tables.map((table) => [table.name, table]));
    let state: MoveState = unfinished ? previous.state : 'copying';
    try {
      if (state === 'copying') {
        // a copy that was interrupted starts again from the start (the log may predate its capture)
        await this.#begin(tenantId, { from, to, source, target }, tables);
        result.rowsCopied = await this.#copy(tenantId, source, target, tables);
        state = await this.#setState(tenantId, 'catching_up');
      }
      if (state === 'catching_up') {
        const below = this.options.fenceWhenBelow;
        result.changesApplied = await catchUp(source, target, byName, tenantId, { below });
        const compared = await compareBeforeFence(source, target, tables, tenantId, {
          below,
          pace: this.#pace(),
        });
        result.changesApplied += compared.applied;
        const verifier = compared.verifier;
        this.options.log?.(
          `tenant ${tenantId}: compared, ${verifier.pending()} key ranges left for the fence`,
        );
        await this.#fenceAndFlip(tenantId, { from, to, source, target }, tables, verifier, result);
        state = 'flipped';
      }
    } catch (error) {
      await this.#fail(tenantId, source, error);
      throw error;
    }
    await this.options.router.load();
    await this.#cleanUp(tenantId, source, target, tables, result);
    result.durationMs = Date.now() - started;
    await sql`UPDATE tenant_moves SET state = 'done', stats = ${JSON.stringify(result)}::jsonb, updated_at = now()
      WHERE tenant_id = ${tenantId}`.execute(this.options.control);
    return result;
  }

  /** A fresh move: recorded, the target emptied of any leftover of the tenant, the source logging its changes. */
  async #begin(
    tenantId: string,
    { from, to, source, target }: MoveEnds,
    tables: TenantTable[],
  ): Promise<void> {
    await sql`INSERT INTO tenant_moves (tenant_id, source_shard, target_shard, state)
      VALUES (${tenantId}, ${from}, ${to}, 'copying')
      ON CONFLICT (tenant_id) DO UPDATE SET source_shard = EXCLUDED.source_shard,
        target_shard = EXCLUDED.target_shard, state = 'copying', error = NULL, stats = '{}', started_at = now(),
        updated_at = now()`.execute(this.options.control);
    await sql`DELETE FROM shard_move_tenants WHERE tenant_id = ${tenantId}`.execute(target);
    for (const table of await listTenantTables(target)) await deleteTenantRows(target, table, tenantId);
    await sql`DELETE FROM shard_move_changes WHERE tenant_id = ${tenantId}`.execute(source);
    await sql`INSERT INTO shard_move_tenants (tenant_id, state) VALUES (${tenantId}, 'capturing')
      ON CONFLICT (tenant_id) DO UPDATE SET state = 'capturing', updated_at = now()`.execute(source);
    await installCaptureTriggers(source, tables);
    this.options.log?.(`tenant ${tenantId}: logging its changes on shard ${from}, copying to shard ${to}`);
  }

  async #copy(tenantId: string, source: Kysely<unknown>, target: Kysely<unknown>, tables: TenantTable[]) {
    await ensureTargetPartitions(source, target, tables, tenantId);
    let copied = 0;
    for (const table of tables)
      copied += await copyTenantTable(source, target, table, tenantId, this.#pace());
    this.options.log?.(`tenant ${tenantId}: copied ${copied} rows`);
    return copied;
  }

  #pace(): MovePace {
    return { ...DEFAULT_MOVE_PACE, ...this.options.pace };
  }

  async #fenceAndFlip(
    tenantId: string,
    { from, to, source, target }: MoveEnds,
    tables: TenantTable[],
    verifier: MoveVerifier,
    result: TenantMoveResult,
  ): Promise<void> {
    const byName = new Map(tables.map((table) => [table.name, table]));
    await source.connection().execute(async (fence) => {
      await sql`SET statement_timeout = '15s'`.execute(fence);
      const fencedAt = Date.now();
      await sql`SELECT pg_advisory_lock(${FENCE_KEY(tenantId)})`.execute(fence);
      let jobsMoved = 0;
      let markedMoved = false;
      try {
        // every writer that passed the trigger before the fence has ended: the log is complete
        for (let applied = -1; applied !== 0; result.changesApplied += applied) {
          const changes = await applyLoggedChanges(source, target, byName, tenantId);
          await verifier.touched(changes.keys);
          applied = changes.count;
        }
        // the data is quiet: the ranges not yet compared equal since their last change must be equal now
        const mismatches = await verifier.comparePending();
        if (mismatches.length > 0) throw new TenantMoveError(describeMismatches(mismatches));
        result.tables = verifier.totals();
        jobsMoved = await this.options.moveJobs(source, target, tenantId);
        await sql`UPDATE shard_move_tenants SET state = 'moved', updated_at = now()
          WHERE tenant_id = ${tenantId}`.execute(fence);
        markedMoved = true;
        await this.#flipPlacement(tenantId, to);
        result.jobsMoved = jobsMoved;
      } catch (error) {
        if (markedMoved)
          await sql`UPDATE shard_move_tenants SET state = 'capturing' WHERE tenant_id = ${tenantId}`.execute(
            fence,
          );
        if (jobsMoved > 0) await this.options.moveJobs(target, source, tenantId);
        throw error;
      } finally {
        await sql`SELECT pg_advisory_unlock(${FENCE_KEY(tenantId)})`.execute(fence);
        await sql`RESET statement_timeout`.execute(fence);
        result.fenceMs = Date.now() - fencedAt;
      }
    });
    this.options.log?.(
      `tenant ${tenantId}: on shard ${to} (from ${from}); writes fenced ${result.fenceMs} ms`,
    );
  }

  /** Places the tenant on `to` (an override, or none when its bucket is there) and tells every process. */
  async #flipPlacement(tenantId: string, to: number): Promise<void> {
    await this.options.control.transaction().execute(async (trx) => {
      const bucket = await sql<{ shard_id: number }>`
        SELECT shard_id FROM buckets WHERE bucket = tenant_bucket(${tenantId}::uuid)`.execute(trx);
      if (bucket.rows[0]?.shard_id === to)
        await sql`DELETE FROM tenant_placement WHERE tenant_id = ${tenantId}`.execute(trx);
      else
        await sql`INSERT INTO tenant_placement (tenant_id, shard_id, reason) VALUES (${tenantId}, ${to}, 'move')
          ON CONFLICT (tenant_id) DO UPDATE SET shard_id = EXCLUDED.shard_id, reason = 'move',
            created_at = now()`.execute(trx);
      await sql`UPDATE tenant_moves SET state = 'flipped', updated_at = now() WHERE tenant_id = ${tenantId}`.execute(
        trx,
      );
      await notifyDirectoryChange(trx, [tenantId]);
    });
  }

  /** After the grace: the source's rows, log and late jobs go; the tombstone stays to refuse stale writers. */
  async #cleanUp(
    tenantId: string,
    source: Kysely<unknown>,
    target: Kysely<unknown>,
    tables: TenantTable[],
    result: TenantMoveResult,
  ): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.options.graceMs ?? 2000));
    result.jobsMoved += await this.options.moveJobs(source, target, tenantId);
    for (const table of tables) await deleteTenantRows(source, table, tenantId);
    await sql`DELETE FROM shard_move_changes WHERE tenant_id = ${tenantId}`.execute(source);
  }

  async #setState(tenantId: string, state: MoveState): Promise<MoveState> {
    await sql`UPDATE tenant_moves SET state = ${state}, updated_at = now() WHERE tenant_id = ${tenantId}`.execute(
      this.options.control,
    );
    return state;
  }

  /** A failed move: the tenant stays where it is, its changes no longer logged; a new run starts afresh. */
  async #fail(tenantId: string, source: Kysely<unknown>, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.options.log?.(`tenant ${tenantId}: move failed, it stays on its shard: ${message}`);
    await sql`DELETE FROM shard_move_tenants WHERE tenant_id = ${tenantId} AND state = 'capturing'`.execute(
      source,
    );
    await sql`DELETE FROM shard_move_changes WHERE tenant_id = ${tenantId}`.execute(source);
    await sql`UPDATE tenant_moves SET state = 'failed', error = ${message}, updated_at = now()
      WHERE tenant_id = ${tenantId}`.execute(this.options.control);
  }
}
