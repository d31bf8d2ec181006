import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';

import type { ShardRouter, ShardTables } from '../db/index.ts';
import type { Action } from './rule.schema.ts';

/** Lifecycle of one action of a run. */
export type ActionStatus = 'queued' | 'running' | 'succeeded' | 'retrying' | 'dead';
/** Lifecycle of a run: `blocked` (depth limit) and `rate_limited` runs have no actions. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'blocked' | 'rate_limited';

/** A run as recorded before its actions execute. */
export interface NewRun {
  id: string;
  rule_id: string;
  event_id: string;
  event_type: string;
  event: unknown;
  matched: boolean;
  trace: unknown[];
  status: RunStatus;
  causation: unknown;
}

/** Stored state of one action of a run. */
export type ActionState = Selectable<ShardTables['automation_actions']> & { action: Action };
/** One recorded attempt of an action. */
export type AttemptRecord = Selectable<ShardTables['automation_action_attempts']>;
/** A run with its actions and their attempts, as the history shows it. */
export type RunRecord = Selectable<ShardTables['automation_runs']> & {
  actions: Array<ActionState & { attempt_history: AttemptRecord[] }>;
};

/** What one attempt produced, for the attempt log. */
export interface AttemptLog {
  attempt: number;
  started_at: Date;
  duration_ms: number;
  ok: boolean;
  response_status: number | null;
  response_body: string | null;
  error: unknown;
}

/** Runs, their actions' state and every attempt, on the tenant's shard; every query filters by tenant. */
export class RunRepository {
  constructor(private readonly router: ShardRouter) {}

  /**
   * Records a run with its actions once per (rule, event) and lets `alsoInTransaction` add the jobs in the same
   * transaction. Returns false when the run already existed (the event was delivered again).
   */
  async create(
    tenantId: string,
    run: NewRun,
    actions: readonly Action[],
    alsoInTransaction: (trx: Transaction<ShardTables>, shardId: number) => Promise<void>,
  ): Promise<boolean> {
    const shardId = this.router.shardIdFor(tenantId);
    return this.router
      .shard(shardId)
      .db.transaction()
      .execute(async (trx) => {
        // Once per rule and event: the key is in an unpartitioned ledger, since the monthly runs table's
        // unique keys must hold `created_at` (see the retention migration).
        const claimed = await trx
          .insertInto('automation_run_keys')
          .values({ tenant_id: tenantId, rule_id: run.rule_id, event_id: run.event_id, run_id: run.id })
          .onConflict((oc) => oc.columns(['tenant_id', 'rule_id', 'event_id']).doNothing())
          .returning('run_id')
          .executeTakeFirst();
        if (!claimed) return false;
        await trx
          .insertInto('automation_runs')
          .values({
            tenant_id: tenantId,
            ...run,
            event: JSON.stringify(run.event),
            trace: JSON.stringify(run.trace),
            causation: JSON.stringify(run.causation),
            ...(run.status === 'running' ? {} : { finished_at: new Date(), duration_ms: 0 }),
          })
          .execute();
        if (actions.length > 0) {
          await trx
            .insertInto('automation_actions')
            .values(
              actions.map((action, index) => ({
                tenant_id: tenantId,
                run_id: run.id,
                action_index: index,
                rule_id: run.rule_id,
                type: action.type,
                action: JSON.stringify(action),
                idempotency_key: actionKey(run.id, index),
              })),
            )
            .execute();
        }
        await alsoInTransaction(trx, shardId);
        return true;
      });
  }

  /** A run of the tenant (optionally of one rule). */
  async getRun(tenantId: string, runId: string, ruleId?: string) {
    let query = this.db(tenantId)
      .selectFrom('automation_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', runId);
    if (ruleId !== undefined) query = query.where('rule_id', '=', ruleId);
    return query.executeTakeFirst();
  }

  /** A rule's runs, newest first, each with its actions and their attempts. */
  async listRuns(tenantId: string, ruleId: string, limit: number, before?: string): Promise<RunRecord[]> {
    // a list tolerates staleness: a caught-up replica may answer it (never past the tenant's own writes)
    const db = await this.router.forTenantRead(tenantId);
    let query = db
      .selectFrom('automation_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('rule_id', '=', ruleId);
    if (before !== undefined) query = query.where('id', '<', before);
    const runs = await query.orderBy('id', 'desc').limit(limit).execute();
    if (runs.length === 0) return [];
    const ids = runs.map((r) => r.id);
    const actions = await db
      .selectFrom('automation_actions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('run_id', 'in', ids)
      .orderBy('action_index')
      .execute();
    const attempts = await db
      .selectFrom('automation_action_attempts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('run_id', 'in', ids)
      .orderBy('attempt')
      .execute();
    return runs.map((run) => ({
      ...run,
      actions: actions
        .filter((a) => a.run_id === run.id)
        .map((a) => ({
          ...(a as ActionState),
          attempt_history: attempts.filter((t) => t.run_id === run.id && t.action_index === a.action_index),
        })),
    }));
  }

  /**
   * Takes an action for attempt number `attempt`: it must be waiting for exactly that attempt, or (when the job
   * is delivered again after its worker died) already running it. Undefined when another worker has it or it is done.
   */
  async claim(tenantId: string, runId: string, index: number, attempt: number, redelivery: boolean) {
    const row = await this.db(tenantId)
      .updateTable('automation_actions')
      .set({ status: 'running', attempts: attempt, updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('run_id', '=', runId)
      .where('action_index', '=', index)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['queued', 'retrying']), eb('attempts', '=', attempt - 1)]),
          ...(redelivery ? [eb.and([eb('status', '=', 'running'), eb('attempts', '=', attempt)])] : []),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return row as ActionState | undefined;
  }

  /** Appends an attempt to the log (idempotent per attempt number). */
  async logAttempt(tenantId: string, runId: string, index: number, log: AttemptLog): Promise<void> {
    await this.db(tenantId)
      .insertInto('automation_action_attempts')
      .values({
        tenant_id: tenantId,
        run_id: runId,
        action_index: index,
        ...log,
        error: log.error === undefined || log.error === null ? null : JSON.stringify(log.error),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'run_id', 'action_index', 'attempt']).doNothing())
      .execute();
  }

  /** Moves a running action to its next state, then settles the run's status from all its actions. */
  async settle(
    tenantId: string,
    runId: string,
    index: number,
    next: { status: ActionStatus; last_error?: unknown; result?: unknown; next_attempt_at?: Date | null },
  ): Promise<void> {
    const db = this.db(tenantId);
    await db
      .updateTable('automation_actions')
      .set({
        status: next.status,
        updated_at: new Date(),
        next_attempt_at: next.next_attempt_at ?? null,
        ...(next.last_error !== undefined ? { last_error: JSON.stringify(next.last_error) } : {}),
        ...(next.result !== undefined ? { result: JSON.stringify(next.result) } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('run_id', '=', runId)
      .where('action_index', '=', index)
      .execute();
    await sql`
      UPDATE automation_runs r
      SET status = s.status,
          finished_at = CASE WHEN s.status = 'running' THEN NULL ELSE now() END,
          duration_ms = CASE WHEN s.status = 'running' THEN NULL
                             ELSE (extract(epoch FROM now() - r.created_at) * 1000)::int END
      FROM (
        SELECT CASE WHEN bool_or(status IN ('queued', 'running', 'retrying')) THEN 'running'
                    WHEN bool_or(status = 'dead') THEN 'failed' ELSE 'succeeded' END AS status
        FROM automation_actions WHERE tenant_id = ${tenantId} AND run_id = ${runId}
      ) s
      WHERE r.tenant_id = ${tenantId} AND r.id = ${runId}`.execute(db);
  }

  /**
   * Puts a dead action back in the queue for one more round of attempts; returns the attempt number to run,
   * `undefined` when the action does not exist, `false` when it is not dead.
   */
  async replay(
    tenantId: string,
    ruleId: string,
    runId: string,
    index: number,
  ): Promise<number | false | undefined> {
    return this.db(tenantId)
      .transaction()
      .execute(async (trx) => {
        const current = await trx
          .selectFrom('automation_actions')
          .select(['status', 'attempts'])
          .where('tenant_id', '=', tenantId)
          .where('rule_id', '=', ruleId)
          .where('run_id', '=', runId)
          .where('action_index', '=', index)
          .forUpdate()
          .executeTakeFirst();
        if (!current) return undefined;
        if (current.status !== 'dead') return false;
        await trx
          .updateTable('automation_actions')
          .set({ status: 'queued', replay_base: current.attempts, updated_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('run_id', '=', runId)
          .where('action_index', '=', index)
          .execute();
        await trx
          .updateTable('automation_runs')
          .set({ status: 'running', finished_at: null, duration_ms: null })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', runId)
          .execute();
        return current.attempts + 1;
      });
  }

  private db(tenantId: string): Kysely<ShardTables> {
    return this.router.forTenant(tenantId);
  }
}

/** The stable idempotency key of an action of a run (also the webhook's `webhook-id`). */
export function actionKey(runId: string, index: number): string {
  return `${runId}:${index}`;
}
