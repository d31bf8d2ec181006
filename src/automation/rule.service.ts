import type { Transaction } from 'kysely';
import { uuidv7 } from 'uuidv7';

import type { ShardTables } from '../db/index.ts';
import { KeyedLines } from '../shared/keyed-lines.ts';
import { generateWebhookSecret } from '../webhooks/index.ts';
import {
  AutomationStateError,
  RuleNotFoundError,
  RuleValidationError,
  RuleVersionConflictError,
} from './automation.errors.ts';
import type { ActionJob, ActionQueue } from './automation.engine.ts';
import { DEPTH_LIMIT, rootCausation } from './causation.policy.ts';
import type { LeafTrace } from './condition.types.ts';
import { matchEvent } from './rule.matcher.ts';
import type { RuleRepository, StoredRule } from './rule.repository.ts';
import { validateRuleInput } from './rule.validator.ts';
import { actionKey, type RunRecord, type RunRepository } from './run.repository.ts';
import { firstRunAt } from './trigger.sources.ts';

/** Result of a dry run: what the rule would do with the sample event, with nothing stored or sent. */
export interface DryRunResult {
  matched: boolean;
  trace: LeafTrace[];
  blocked: 'depth_limit' | null;
  would_run: unknown[];
}

/** The tenant's rule quota, counted in the transactions that insert and delete rules. */
export interface RuleQuota {
  /** Throws (403) when the tenant already has as many rules as it may. */
  reserveRule(trx: Transaction<ShardTables>, tenantId: string): Promise<void>;
  releaseRule(trx: Transaction<ShardTables>, tenantId: string): Promise<void>;
}

/** Rules API logic: validation (422 naming the node), optimistic locking, history, dry runs and replays. */
export class RuleService {
  /**
   * A tenant's creations and deletions, one at a time in this process: each locks the tenant's quota row
   * until it commits, so concurrent ones would each hold a shard connection just to wait for that lock (a
   * rule flood took the whole pool from the other tenants of the shard).
   */
  readonly #quotaWrites = new KeyedLines(1);

  constructor(
    private readonly rules: RuleRepository,
    private readonly runs: RunRepository,
    private readonly queue: ActionQueue,
    private readonly quota: RuleQuota,
    /** Called after any change of the tenant's rules (the cached trigger list is dropped). */
    private readonly onChanged: (tenantId: string) => Promise<void> = async () => undefined,
  ) {}

  /** Creates a rule; the webhook signing secret is returned here only (and on rotation). */
  async create(tenantId: string, body: unknown): Promise<{ rule: StoredRule; webhookSecret: string }> {
    const now = new Date();
    const definition = validateRuleInput(body, { now });
    const webhookSecret = generateWebhookSecret();
    const nextRunAt = definition.is_active
      ? firstRunAt(definition.trigger_type, definition.trigger_settings, now)
      : null;
    const rule = await this.#quotaWrites.run(tenantId, () =>
      this.rules.create(tenantId, uuidv7(), definition, { secret: webhookSecret, nextRunAt }, (trx) =>
        this.quota.reserveRule(trx, tenantId),
      ),
    );
    await this.onChanged(tenantId);
    return { rule, webhookSecret };
  }

  /** Creations and deletions of the tenant's rules waiting for their turn in this process (tests, metrics). */
  waitingWrites(tenantId: string): number {
    return this.#quotaWrites.waiting(tenantId);
  }

  /** The tenant's rules, newest first. */
  list(tenantId: string, limit: number): Promise<StoredRule[]> {
    return this.rules.list(tenantId, limit);
  }

  /** One rule of the tenant, or 404. */
  async get(tenantId: string, id: string): Promise<StoredRule> {
    const rule = await this.rules.get(tenantId, id);
    if (!rule) throw new RuleNotFoundError();
    return rule;
  }

  /** Replaces a rule; the body must carry the `version` the client read (409 when it moved on). */
  async replace(tenantId: string, id: string, body: unknown): Promise<StoredRule> {
    const now = new Date();
    const definition = validateRuleInput(body, { now });
    if (definition.version === undefined)
      throw new RuleValidationError('version', 'required: send the version you read');
    const nextRunAt = definition.is_active
      ? firstRunAt(definition.trigger_type, definition.trigger_settings, now)
      : null;
    const updated = await this.rules.replace(tenantId, id, definition.version, definition, nextRunAt);
    await this.onChanged(tenantId);
    if (updated) return updated;
    const current = await this.get(tenantId, id);
    throw new RuleVersionConflictError(current.version);
  }

  /** Deletes a rule, or 404. */
  async delete(tenantId: string, id: string): Promise<void> {
    const deleted = await this.#quotaWrites.run(tenantId, () =>
      this.rules.delete(tenantId, id, (trx) => this.quota.releaseRule(trx, tenantId)),
    );
    if (!deleted) throw new RuleNotFoundError();
    await this.onChanged(tenantId);
  }

  /** Enables or disables a rule (enabling restarts its schedule from now). */
  async setActive(tenantId: string, id: string, active: boolean): Promise<StoredRule> {
    const rule = await this.get(tenantId, id);
    const nextRunAt = active ? firstRunAt(rule.trigger_type, rule.trigger_settings, new Date()) : null;
    const updated = await this.rules.setActive(
      tenantId,
      id,
      active,
      active ? null : 'disabled by the tenant',
      nextRunAt,
    );
    await this.onChanged(tenantId);
    if (!updated) throw new RuleNotFoundError();
    return updated;
  }

  /** Issues a new webhook secret; the previous one keeps signing for a while so receivers can switch over. */
  async rotateSecret(tenantId: string, id: string): Promise<string> {
    const secret = generateWebhookSecret();
    if (!(await this.rules.rotateSecret(tenantId, id, secret))) throw new RuleNotFoundError();
    return secret;
  }

  /** The rule's runs with their actions and attempts, newest first. */
  async history(tenantId: string, id: string, limit: number, before?: string): Promise<RunRecord[]> {
    await this.get(tenantId, id);
    return this.runs.listRuns(tenantId, id, limit, before);
  }

  /** Evaluates the rule against a sample event: match, trace and the actions it would queue; no side effects. */
  async dryRun(
    tenantId: string,
    id: string,
    data: Record<string, unknown>,
    depth = 0,
  ): Promise<DryRunResult> {
    const rule = await this.get(tenantId, id);
    const eventId = `dry-run:${uuidv7()}`;
    const causation = { ...rootCausation(eventId), depth };
    const event = {
      id: eventId,
      tenant_id: tenantId,
      type: rule.trigger_type,
      occurred_at: new Date().toISOString(),
      data,
      causation,
    };
    const [match] = matchEvent([{ ...rule, is_active: true }], event, {
      trace: true,
      depthLimit: DEPTH_LIMIT,
    });
    const matched = match?.matched ?? false;
    return {
      matched,
      trace: match?.trace ?? [],
      blocked: match?.blocked ?? null,
      would_run: matched ? rule.actions : [],
    };
  }

  /** Queues a dead action again for a fresh round of attempts (409 when it is not dead). */
  async replay(tenantId: string, ruleId: string, runId: string, index: number): Promise<ActionJob> {
    const attempt = await this.runs.replay(tenantId, ruleId, runId, index);
    if (attempt === undefined) throw new RuleNotFoundError('action');
    if (attempt === false)
      throw new AutomationStateError('ACTION_NOT_DEAD', 'only a dead action can be replayed');
    const job = { tenantId, runId, index, attempt, key: actionKey(runId, index) };
    await this.queue.enqueueLater(tenantId, job, new Date());
    return job;
  }
}
