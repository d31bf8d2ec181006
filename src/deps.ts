import { drawingEngine } from './analysis-adapter.ts';
import { createAnalytics, type Analytics } from './analytics/index.ts';
import {
  analysisCausation,
  createAutomation,
  createEventIntake,
  type Automation,
} from './automation/index.ts';
import type { AppCache } from './cache/index.ts';
import type { Config } from './config.ts';
import { BatchUsage, createCosts, type CostServices } from './costs/index.ts';
import type { ControlTables, Database, ShardRouter } from './db/index.ts';
import type { EventBus } from './events/index.ts';
import {
  createFiles,
  type AnalysisService,
  type DrawingEngine,
  type FileService,
  type LayerMappingService,
  type TakeoffAdjustmentService,
} from './files/index.ts';
import { openInfrastructure } from './infrastructure.ts';
import type { JobQueue } from './jobs/index.ts';
import { startMaintenance } from './maintenance.ts';
import type { Metrics, ReadinessCheck } from './observability/index.ts';
import type { RateLimiters } from './rate-limit/index.ts';
import type { WorkerSlots } from './analysis/index.ts';
import { createQuotas, type QuotaService } from './quotas/index.ts';
import { createTenants, type TenantService } from './tenants/index.ts';
import { createUsers, type SessionService, type UserService } from './users/index.ts';

/** Everything the HTTP app and the workers need, built once per process. */
export interface Deps {
  config: Readonly<Config>;
  metrics: Metrics;
  /** What `/metrics` answers (in a cluster process: every process's metrics). */
  metricsText: () => Promise<string>;
  control: Database<ControlTables>;
  router: ShardRouter;
  jobs: JobQueue;
  tenants: TenantService;
  /** The tenants' users (sign-in, roles) and their sessions. */
  users: UserService;
  sessions: SessionService;
  files: FileService;
  analyses: AnalysisService;
  layerMappings: LayerMappingService;
  adjustments: TakeoffAdjustmentService;
  /** The worker threads shared by analysis jobs and previews (counters for metrics and tests). */
  workerSlots: WorkerSlots;
  events: EventBus;
  cache: AppCache;
  /** Daily per-tenant counters of batch work (pipelined Redis, or memory without Redis). */
  batchUsage: BatchUsage;
  costs: CostServices;
  automation: Automation;
  /** The tenant quotas (rules, files, bytes, uploads and batch ids per day, events per minute, streams). */
  quotas: QuotaService;
  /** Slow statements of every database, and the usage views of every shard. */
  analytics: Analytics;
  /** Request and failed-authentication limits (shared over Redis when configured). */
  limiters: RateLimiters;
  ready: ReadinessCheck;
  close(): Promise<void>;
}

/** How a process uses the dependencies: `serve` with or without workers, `worker`, or a one-shot CLI command. */
export interface DepsOptions {
  runWorkers: boolean;
  log: (line: string) => void;
  engine?: DrawingEngine;
}

/**
 * Opens the infrastructure, then builds the modules in dependency order (tenants, users, quotas, the event
 * intake, files, costs, automation, analytics); with workers, each module registers its own jobs.
 */
export async function buildDeps(config: Readonly<Config>, options: DepsOptions): Promise<Deps> {
  const { log, runWorkers } = options;
  const infra = await openInfrastructure(config, { work: runWorkers, log });
  const { metrics, jobs, events, cache, metricsText, limiters } = infra;
  const { control, router } = infra.databases;
  const platform = { router, jobs, cache }; // what every module is built over

  const tenants = await createTenants({ control: control.db, controlUrl: infra.controlUrl, cache, log });
  const users = await createUsers({
    ...{ control: control.db, controlUrl: infra.controlUrl, tenants: tenants.service, log },
    sessions: { idleMs: config.sessionIdleSeconds * 1000, absoluteMs: config.sessionAbsoluteSeconds * 1000 },
  });
  const { counters: windows, streamSlots: streams } = infra;
  const quotas = createQuotas({ ...platform, limits: config.quotas, control: control.db, windows, streams });
  const intake = createEventIntake({ ...platform, events });
  const fileModule = createFiles({
    ...platform,
    ...{ blobs: infra.blobs, metrics, quotas, emit: intake.emit },
    engine: (slots) => options.engine ?? drawingEngine(config, slots, { warm: runWorkers }),
    ...{ analysisWorkers: config.analysisWorkers, uploadMaxBytes: config.uploadMaxBytes },
    analysisCause: analysisCausation,
  });
  const { files, analyses, layerMappings, adjustments, queueAnalyses, workerSlots } = fileModule;
  const costs = createCosts({
    ...{ ...platform, control: control.db, cdnPurge: infra.cdnPurge, emit: intake.emit },
    ...{ files, analyses, queueAnalyses, adjustments },
  });
  const automation = createAutomation({
    ...{ router, jobs, events, intake, files, analyses, costs, quotas, log },
    settings: automationSettings(config),
  });
  const analytics = createAnalytics({
    ...{ router, control, cache, metrics, log },
    retention: { months: config.retentionMonths, archiveDir: config.retentionArchiveDir },
  });
  await analytics.retention.premake(new Date());

  if (runWorkers) {
    for (const module of [automation, costs, fileModule]) await module.startWorkers(config.workerConcurrency);
    analytics.startWorkers(config.analyticsRefreshSeconds * 1000);
    await startMaintenance(jobs, router, quotas, users.sessions, analytics.retention);
  }
  return {
    ...{ config, metrics, control, router, jobs, events, cache, ready: infra.ready },
    ...{ tenants: tenants.service, users: users.users, sessions: users.sessions },
    ...{ files, analyses, layerMappings, adjustments, workerSlots, costs, automation, quotas, analytics },
    ...{ metricsText, limiters, batchUsage: new BatchUsage(infra.counters) },
    close: async () => {
      await tenants.close();
      await users.close();
      await jobs.stop();
      await automation.close();
      await analytics.close();
      quotas.close();
      await infra.close();
    },
  };
}

/** The automation engine's tunables from server config. */
function automationSettings(config: Readonly<Config>) {
  return {
    retryBaseMs: config.automationRetryBaseMs,
    maxAttempts: config.automationMaxAttempts,
    disableAfterFailures: config.automationDisableAfterFailures,
    rulePerMinute: config.automationRulePerMinute,
    tenantPerMinute: config.automationTenantPerMinute,
    schedulePerTenantPerTick: config.automationSchedulePerTenantPerTick,
    webhookAllowPrivate: config.webhookAllowPrivate,
    eventMaxBytes: config.eventMaxBytes,
    customEventTypesMax: config.eventCustomTypesMax,
  };
}
