import { uuidv7 } from 'uuidv7';

import type { ShardRouter } from '../db/index.ts';
import type { DomainEvent, EventBus } from '../events/index.ts';
import { fileUploadedEvent, type AnalysisService, type FileService } from '../files/index.ts';
import { QUEUES, type JobQueue } from '../jobs/index.ts';
import { createAddressPolicy, createGuardedAgent } from '../webhooks/index.ts';
import { CAUSE_OPTION } from './action.executors.ts';
import { ActionRunner } from './action.runner.ts';
import { AutomationEngine, type ActionJob, type ActionQueue } from './automation.engine.ts';
import { EventTypeLimitError, InvalidEventError } from './automation.errors.ts';
import type { EventIntake } from './event.intake.ts';
import { AutomationStateRepository } from './automation-state.repository.ts';
import { DEPTH_LIMIT } from './causation.policy.ts';
import { validateCustomEvent } from './event.schema.ts';
import { InboxRepository } from './inbox.repository.ts';
import { InboxService } from './inbox.service.ts';
import { RuleRepository } from './rule.repository.ts';
import { RuleService, type RuleQuota } from './rule.service.ts';
import { RunRepository } from './run.repository.ts';
import { ThresholdWatcher, runScheduleTick } from './trigger.sources.ts';
import { costWorkflows, type CostPorts } from './workflow.hooks.ts';

/** Tunables of the engine, from server config. */
export interface AutomationSettings {
  retryBaseMs: number;
  maxAttempts: number;
  disableAfterFailures: number;
  rulePerMinute: number;
  tenantPerMinute: number;
  /** Due scheduled rules of one tenant one schedule tick claims per shard (the rest stay due). */
  schedulePerTenantPerTick: number;
  /** CIDRs webhooks may reach although private (WEBHOOK_ALLOW_PRIVATE). */
  webhookAllowPrivate: readonly string[];
  webhookTimeoutMs?: number;
  /** Largest `data` of a submitted event in bytes (EVENT_MAX_BYTES). */
  eventMaxBytes: number;
  /** Distinct custom types a tenant may submit that no enabled rule listens to (EVENT_CUSTOM_TYPES_MAX). */
  customEventTypesMax: number;
}

/** What the automation module is built from. */
export interface AutomationModuleDeps {
  router: ShardRouter;
  jobs: JobQueue;
  events: EventBus;
  analyses: AnalysisService;
  /** Files are read and labelled through the service, so its cache invalidation runs. */
  files: FileService;
  /** Where domain events enter the rules engine (built first: files and costs emit through it). */
  intake: EventIntake;
  /** The cost services the estimate workflows run (`estimate_for_location`, `batch_re_estimate`, reports). */
  costs: Omit<CostPorts, 'recentFileIds'>;
  settings: AutomationSettings;
  log: (line: string) => void;
  /** The tenant quotas on rules and on submitted events. */
  quotas: RuleQuota & { takeEvent(tenantId: string): Promise<void> };
}

/** The automation module as the HTTP layer and the workers use it. */
export interface Automation {
  rules: RuleService;
  inbox: InboxService;
  /**
   * Accepts a tenant's own event (`POST /api/events`); a repeated idempotency key within 24 h is not queued
   * again. Queued for the rules engine only when an enabled rule listens to its type; a type no rule listens
   * to counts against the tenant's limit of custom types.
   */
  submitEvent(
    tenantId: string,
    body: unknown,
    headerKey?: string,
  ): Promise<{ eventId: string; duplicate: boolean }>;
  /** The seed's `POST /api/events/file-uploaded`: re-announces an upload of the tenant's own file. */
  announceUpload(tenantId: string, body: unknown): Promise<{ eventId: string }>;
  /** Runs one scheduler tick on every shard (tests pass a clock). */
  tickSchedules(now?: Date): Promise<number>;
  /** Registers the event, action and schedule workers and the per-minute tick. */
  startWorkers(concurrency: number): Promise<void>;
  close(): Promise<void>;
}

/** The `causation` of an `analysis_completed` event: the automation run that asked for the re-analysis, if any. */
export function analysisCausation(options: Record<string, unknown>): string | undefined {
  const runId = options[CAUSE_OPTION];
  return typeof runId === 'string' ? runId : undefined;
}

/** Builds repositories, engine, runner and services of the automation domain (one guarded webhook agent). */
export function createAutomation(d: AutomationModuleDeps): Automation {
  const { router, jobs, settings } = d;
  const rules = new RuleRepository(router);
  const runs = new RunRepository(router);
  const state = new AutomationStateRepository(router);
  const inbox = new InboxRepository(router);
  const queue: ActionQueue = {
    enqueueInTransaction: (trx, shardId, job) =>
      jobs.enqueueInTransaction(trx, shardId, QUEUES.automationAction, job),
    enqueueLater: (tenantId, job, startAfter) =>
      jobs.enqueue(router.shardIdFor(tenantId), QUEUES.automationAction, job, { startAfter }),
  };
  if (settings.webhookAllowPrivate.length > 0) {
    d.log(
      `warning: webhooks may reach private networks ${settings.webhookAllowPrivate.join(', ')} (WEBHOOK_ALLOW_PRIVATE)`,
    );
  }
  const dispatcher = createGuardedAgent({
    policy: createAddressPolicy(settings.webhookAllowPrivate),
    log: d.log,
  });
  const engine = new AutomationEngine(rules, runs, state, queue, {
    depthLimit: DEPTH_LIMIT,
    rulePerMinute: settings.rulePerMinute,
    tenantPerMinute: settings.tenantPerMinute,
  });
  const thresholds = new ThresholdWatcher(rules, state, engine);
  const runner = new ActionRunner(
    runs,
    rules,
    inbox,
    queue,
    {
      inbox,
      rules,
      files: d.files,
      analyses: d.analyses,
      publish: (event) => d.events.publish(event),
      dispatcher,
      webhookTimeoutMs: settings.webhookTimeoutMs ?? 15_000,
      previousSecretMs: 24 * 3600 * 1000,
      workflows: costWorkflows({
        estimates: d.costs.estimates,
        batch: d.costs.batch,
        recentFileIds: async (tenantId, limit) =>
          (await d.files.list(tenantId, { limit })).items.map((f) => f.id),
      }),
    },
    {
      baseDelayMs: settings.retryBaseMs,
      maxAttempts: settings.maxAttempts,
      disableAfterFailures: settings.disableAfterFailures,
    },
  );

  /** Queues the event for the rules engine (unless `forRules` is false) and streams it live, once per key. */
  const queueEvent = async (
    event: DomainEvent,
    key?: string,
    forRules = true,
  ): Promise<{ eventId: string; duplicate: boolean }> => {
    let outcome = { eventId: event.id, duplicate: false };
    if (key === undefined) {
      if (forRules) await jobs.enqueue(router.shardIdFor(event.tenantId), QUEUES.automationEvent, event);
    } else {
      outcome = await state.rememberEventKey(event.tenantId, key, event.id, async (trx, shard) => {
        if (forRules) await jobs.enqueueInTransaction(trx, shard, QUEUES.automationEvent, event);
      });
    }
    // The live stream's type names use dots: `custom:paid` is streamed as `custom.paid`.
    if (!outcome.duplicate) await d.events.publish({ ...event, type: event.type.replace(':', '.') });
    return outcome;
  };
  const newEvent = (tenantId: string, type: string, data: Record<string, unknown>): DomainEvent => ({
    type,
    tenantId,
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    data,
  });
  const { wantsEvent } = d.intake;
  const tickSchedules = async (now = new Date()): Promise<number> => {
    let fired = 0;
    for (const [, shard] of router.all())
      fired += await runScheduleTick(shard, state, engine, settings.schedulePerTenantPerTick, now);
    return fired;
  };

  return {
    rules: new RuleService(rules, runs, queue, d.quotas, (tenantId) => d.intake.rulesChanged(tenantId)),
    inbox: new InboxService(inbox),
    submitEvent: async (tenantId, body, headerKey) => {
      const input = validateCustomEvent(body, settings.eventMaxBytes);
      await d.quotas.takeEvent(tenantId);
      const key = headerKey ?? input.idempotency_key;
      if (key !== undefined && (key.length === 0 || key.length > 200))
        throw new InvalidEventError('idempotency_key', 'must be a string of 1–200 chars');
      // Types an enabled rule listens to are declared; others are remembered up to the limit, so random
      // type names cannot grow the tenant's state, and they need no job: no rule would match them.
      const forRules = await wantsEvent(tenantId, input.type);
      if (!forRules && !(await state.claimEventType(tenantId, input.type, settings.customEventTypesMax))) {
        throw new EventTypeLimitError(input.type, settings.customEventTypesMax);
      }
      return queueEvent(newEvent(tenantId, input.type, input.data), key, forRules);
    },
    announceUpload: async (tenantId, body) => {
      const fileId = readAliasFileId(body);
      await d.quotas.takeEvent(tenantId);
      const file = await d.files.get(tenantId, fileId); // throws FileNotFoundError
      const event = fileUploadedEvent(file);
      const forRules = await wantsEvent(tenantId, event.type);
      return queueEvent(newEvent(tenantId, event.type, event.data), undefined, forRules);
    },
    tickSchedules,
    startWorkers: async (concurrency) => {
      await jobs.work<DomainEvent>(QUEUES.automationEvent, concurrency, async (domainEvent) => {
        const event = await engine.toAutomationEvent(domainEvent);
        if (event === undefined) return;
        await engine.handle(event);
        await thresholds.observe(event);
      });
      await jobs.work<ActionJob>(QUEUES.automationAction, concurrency, (job, meta) => runner.run(job, meta));
      await jobs.work(QUEUES.automationSchedule, 1, async () => {
        await tickSchedules();
      });
      await jobs.schedule(QUEUES.automationSchedule, '* * * * *');
    },
    close: () => dispatcher.close(),
  };
}

/** `{file_id}` or the seed's `{file: {id}}`; a `tenant_id` in the body is refused (the tenant comes from auth). */
function readAliasFileId(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidEventError('body', 'an event must be a JSON object');
  const b = body as { tenant_id?: unknown; file_id?: unknown; file?: { id?: unknown } };
  if (b.tenant_id !== undefined)
    throw new InvalidEventError('tenant_id', 'not accepted: the tenant comes from authentication');
  const id = b.file_id ?? b.file?.id;
  if (typeof id !== 'string' || id.length === 0) throw new InvalidEventError('file_id', 'required');
  return id;
}
