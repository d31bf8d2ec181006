import { join } from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import {
  ShardRouter,
  controlMigrations,
  migrate,
  NotificationListener,
  openDatabase,
  premakeMonthPartitions,
  shardMigrations,
  startEmbeddedPostgres,
  type ControlTables,
  type Database,
  type ShardTables,
} from './db/index.ts';
import { JobQueue, QUEUES } from './jobs/index.ts';
import {
  KEY_REVOKED_CHANNEL,
  parseRevokedKey,
  TenantRepository,
  TenantService,
  type KeyLookup,
} from './tenants/index.ts';
import {
  AnalysisRepository,
  AnalysisService,
  FileRepository,
  FileService,
  LocalBlobStore,
  LayerMappingRepository,
  LayerMappingService,
  type DrawingEngine,
} from './files/index.ts';
import { WorkerSlots } from './analysis/index.ts';
import { createMetrics, metricsSource, registerGauge, type Metrics } from './observability/index.ts';
import type { ReadinessCheck } from './http/health.routes.ts';
import { SURROGATE_KEYS } from './http/cache-headers.ts';
import {
  analysisJson,
  analysisKey,
  DEFAULT_FILE_LIST,
  fileListJson,
  fileListKey,
  previewKey,
} from './http/file-views.ts';
import { drawingEngine } from './analysis-adapter.ts';
import { uuidv7 } from 'uuidv7';
import { createEventBus, type DomainEvent, type EventBus } from './events/index.ts';
import { openRedis } from './redis/index.ts';
import { createRateLimiters, type RateLimiters } from './rate-limit/index.ts';
import {
  apiKeyCacheKey,
  CdnPurgeQueue,
  createCache,
  HttpPurgeProvider,
  MemoryBatch,
  RedisBatch,
  sharedKey,
  tenantKey,
  type AppCache,
} from './cache/index.ts';
import { BatchUsage } from './costs/index.ts';
import {
  analysisCompletedEvent,
  fileEventFields,
  fileUploadedEvent,
  type NewDomainEvent,
} from './files/index.ts';
import { wireCosts, type CostServices } from './costs/costs.wiring.ts';
import { LocalStreamSlots, QuotaService, QuotaUsageRepository, RedisStreamSlots } from './quotas/index.ts';
import {
  analysisCausation,
  costWorkflows,
  createAutomation,
  currentAutomationCause,
  type Automation,
} from './automation/index.ts';

/** Paths of the shared data, purged from the CDN when it changes. */
const SHARED_PATHS = {
  material_catalog: '/api/material-catalog',
  material_locations: '/api/material-locations',
} as const;

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
  files: FileService;
  analyses: AnalysisService;
  layerMappings: LayerMappingService;
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
  /** Emits a domain event: queued durably for the rules engine, then pushed live to the tenant's streams. */
  emit(event: NewDomainEvent): Promise<DomainEvent>;
  /** Request and failed-authentication limits (shared over Redis when configured). */
  limiters: RateLimiters;
  ready: ReadinessCheck;
  close(): Promise<void>;
}

/** Database URLs of this deployment: the configured servers, or the embedded server started on demand. */
export async function connectDatabases(
  config: Readonly<Config>,
  log: (line: string) => void,
): Promise<{ controlUrl: string; shardUrls: string[]; stop(): Promise<void> }> {
  if (!config.databaseUrl) return startEmbeddedPostgres(config.dataDir, log);
  const controlUrl = config.databaseUrl;
  const shardUrls = config.shardDatabaseUrls.length > 0 ? config.shardDatabaseUrls : [controlUrl];
  return { controlUrl, shardUrls, stop: async () => undefined };
}

/** How a process uses the dependencies: `serve` with or without workers, `worker`, or a one-shot CLI command. */
export interface DepsOptions {
  runWorkers: boolean;
  log: (line: string) => void;
  engine?: DrawingEngine;
}

/** Builds pools, migrates, loads the shard directory, starts the job queue and wires the services. */
export async function buildDeps(config: Readonly<Config>, options: DepsOptions): Promise<Deps> {
  const embedded = await connectDatabases(config, options.log);
  const { controlUrl, shardUrls } = embedded;
  const logFailure = (what: string) => (error: unknown) =>
    options.log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);

  const metrics = createMetrics();
  const observe = (database: string) => (ms: number) =>
    metrics.dbQueryDuration.labels(database).observe(ms / 1000);
  const control = openDatabase<ControlTables>(controlUrl, { max: 10, onQuery: observe('control') });
  const shards = new Map(
    shardUrls.map((url, id) => [
      id,
      openDatabase<ShardTables>(url, { max: 10, onQuery: observe(`shard_${id}`) }),
    ]),
  );
  const closeDatabases = () => Promise.all([control, ...shards.values()].map((d) => d.db.destroy()));

  try {
    await migrate(control.db, controlMigrations);
    for (const shard of shards.values()) {
      await migrate(shard.db, shardMigrations);
      await premakeMonthPartitions(shard.db, new Date());
    }
  } catch (error) {
    await closeDatabases();
    await embedded.stop();
    throw error;
  }
  const router = new ShardRouter(control.db, shards);
  await router.initDirectory();
  await router.load();
  router.startRefresh();

  const jobs = new JobQueue(new Map(shardUrls.map((url, id) => [id, url])), {
    expireSeconds: config.jobExpireSeconds,
    work: options.runWorkers,
    onError: (error) => options.log(`job error: ${error instanceof Error ? error.message : String(error)}`),
  });
  await jobs.start();

  const redis = config.redisUrl === undefined ? undefined : openRedis({ url: config.redisUrl });
  const events = await createEventBus({
    redis,
    keyPrefix: `${config.cachePrefix}:`,
    maxLen: config.eventStreamMaxLen,
    ttlSeconds: config.eventStreamTtlSeconds,
  });
  const emit = async (event: NewDomainEvent): Promise<DomainEvent> => {
    // An event emitted while an automation action runs is caused by that action's run (depth limit).
    const causation = event.causation ?? currentAutomationCause();
    const full: DomainEvent = { ...event, causation, id: uuidv7(), occurredAt: new Date().toISOString() };
    // Only events some active rule can react to are queued for the rules engine; all go to the live stream.
    if (await automation.wantsEvent(event.tenantId, event.type)) {
      await jobs.enqueue(router.shardIdFor(event.tenantId), QUEUES.automationEvent, full);
    }
    await events.publish(full);
    return full;
  };

  const blobs = new LocalBlobStore(join(config.dataDir, 'blobs'));
  const cache = await createCache({
    redis,
    prefix: config.cachePrefix,
    registry: metrics.registry,
  });
  const tenants = new TenantService(new TenantRepository(control.db), {
    peek: (keyHash) => cache.peekLocal<KeyLookup>(apiKeyCacheKey(keyHash))?.value,
    getOrSet: (keyHash, load) => cache.getOrSet(apiKeyCacheKey(keyHash), load),
    delete: (keyHash) => cache.invalidateApiKey(keyHash),
    clear: () => cache.invalidateApiKeys(),
  });
  // Revocations by any process, the CLI included, reach this one within milliseconds, with or without Redis.
  const revocations = await NotificationListener.start(controlUrl, KEY_REVOKED_CHANNEL, {
    onNotification: (payload) => {
      const revoked = parseRevokedKey(payload);
      if (revoked) void tenants.keyRevoked(revoked).catch(logFailure('revocation'));
    },
    onGap: () => void tenants.resyncRevocations().catch(logFailure('revocation resync')),
    log: options.log,
  });
  /** A file changed (upload, delete, status): its metadata, analysis and the tenant's lists are stale. */
  const fileChanged = async (tenantId: string, fileId: string) => {
    await Promise.all([
      cache.invalidateTenantKind(tenantId, 'file_list'),
      cache.delete(tenantKey(tenantId, 'file_metadata', fileId)),
      cache.delete(analysisKey(tenantId, fileId)),
      cache.delete(previewKey(tenantId, fileId)),
    ]);
  };
  /** Write-through after a change: the first list page (what clients read most) is reloaded at once. */
  const refreshFirstPage = (tenantId: string) =>
    cache.refresh(fileListKey(tenantId, DEFAULT_FILE_LIST), async () =>
      JSON.stringify(await fileListJson(files, tenantId, DEFAULT_FILE_LIST)),
    );
  const redisBatch = redis ? new RedisBatch(redis.client, config.cachePrefix) : new MemoryBatch();
  const quotas = new QuotaService(
    config.quotas,
    new QuotaUsageRepository(router),
    redisBatch,
    redis ? new RedisStreamSlots(redis.client, config.cachePrefix) : new LocalStreamSlots(),
  );
  const fileRepository = new FileRepository(router);
  // Every preview is classified with the tenant's mappings: new mappings make all its previews stale.
  const layerMappings = new LayerMappingService(new LayerMappingRepository(router), (tenantId) =>
    cache.invalidateTenantKind(tenantId, 'file_previews'),
  );
  const workerSlots = new WorkerSlots(config.analysisWorkers);
  const files = new FileService(
    fileRepository,
    blobs,
    (trx, shardId, job) => jobs.enqueueInTransaction(trx, shardId, QUEUES.analyzeFile, job),
    config.uploadMaxBytes,
    quotas,
    {
      onUploaded: async (file) => {
        await cache.invalidateTenantKind(file.tenantId, 'file_list');
        await refreshFirstPage(file.tenantId);
        await emit(fileUploadedEvent(file));
      },
      onDeleted: (file) => fileChanged(file.tenantId, file.id),
      onChanged: async (file) => {
        await fileChanged(file.tenantId, file.id);
        await refreshFirstPage(file.tenantId);
      },
    },
  );
  const analyses = new AnalysisService(
    fileRepository,
    new AnalysisRepository(router),
    blobs,
    options.engine ?? drawingEngine(config, workerSlots),
    (tenantId, fileId) => jobs.enqueue(router.shardIdFor(tenantId), QUEUES.analyzeFile, { tenantId, fileId }),
    async (tenantId) => ({ layerMappings: await layerMappings.list(tenantId) }),
    {
      onChanged: fileChanged,
      onFinished: async (file, analysis) => {
        await cache.refresh(analysisKey(file.tenantId, file.id), async () =>
          JSON.stringify(analysisJson(analysis)),
        );
        await refreshFirstPage(file.tenantId);
        await emit({
          ...analysisCompletedEvent(file, analysis),
          causation: analysisCausation(analysis.options),
        });
      },
    },
  );

  const cdnPurge = config.cdnPurgeUrl
    ? new CdnPurgeQueue({
        provider: new HttpPurgeProvider({ url: config.cdnPurgeUrl }),
        registry: metrics.registry,
      })
    : undefined;
  const costs = wireCosts({
    control: control.db,
    router,
    jobs,
    files: fileRepository,
    analyses,
    // A new estimate changes the answers of the tenant's similar searches.
    emit: async (event) => {
      await cache.invalidateTenantKind(event.tenantId, 'similar_search');
      return emit(event);
    },
    fileEventFields,
    sharedRows: {
      rows: (kind, load) => cache.getOrSetWithEtag(sharedKey(kind), load),
      invalidate: async (kind) => {
        await cache.invalidateShared(kind);
        cdnPurge?.purgeTags([SURROGATE_KEYS[kind]]);
        cdnPurge?.purgePaths([SHARED_PATHS[kind]]);
      },
    },
  });

  const triggerTypesKey = (tenantId: string) =>
    tenantKey(tenantId, 'user_settings', 'automation_trigger_types');
  const automation = createAutomation({
    router,
    jobs,
    events,
    analyses,
    files,
    log: options.log,
    quotas,
    triggerTypes: {
      get: (tenantId, load) => cache.getOrSet(triggerTypesKey(tenantId), load),
      invalidate: (tenantId) => cache.delete(triggerTypesKey(tenantId)),
    },
    workflows: costWorkflows({
      estimates: costs.estimates,
      batch: costs.batch,
      recentFileIds: async (tenantId, limit) =>
        (await files.list(tenantId, { limit })).items.map((f) => f.id),
    }),
    settings: {
      retryBaseMs: config.automationRetryBaseMs,
      maxAttempts: config.automationMaxAttempts,
      disableAfterFailures: config.automationDisableAfterFailures,
      rulePerMinute: config.automationRulePerMinute,
      tenantPerMinute: config.automationTenantPerMinute,
      webhookAllowPrivate: config.webhookAllowPrivate,
      eventMaxBytes: config.eventMaxBytes,
      customEventTypesMax: config.eventCustomTypesMax,
    },
  });

  if (options.runWorkers) {
    await automation.startWorkers(config.workerConcurrency);
    await jobs.work(QUEUES.estimate, config.workerConcurrency, costs.estimateJobHandler);
    await jobs.work<{ tenantId: string; fileId: string }>(
      QUEUES.analyzeFile,
      config.workerConcurrency,
      async (data, meta) => {
        await analyses.process(data, meta);
        metrics.jobsProcessed.labels(QUEUES.analyzeFile, 'done').inc();
      },
    );
    await jobs.work(QUEUES.maintainPartitions, 1, async () => {
      for (const [, shard] of router.all()) await premakeMonthPartitions(shard.db, new Date());
      await quotas.pruneDailyCounters();
    });
    await jobs.schedule(QUEUES.maintainPartitions, '17 3 * * *');
  }

  registerGauge(metrics, 'db_pool_connections', 'Connections per pool and state', ['database', 'state'], () =>
    [['control', control] as const, ...[...shards].map(([id, s]) => [`shard_${id}`, s] as const)].flatMap(
      ([name, d]) => [
        { labels: { database: name, state: 'total' }, value: d.pool.totalCount },
        { labels: { database: name, state: 'idle' }, value: d.pool.idleCount },
        { labels: { database: name, state: 'waiting' }, value: d.pool.waitingCount },
      ],
    ),
  );
  registerGauge(metrics, 'jobs_queued', 'Jobs waiting per shard and queue', ['shard', 'queue'], async () =>
    (await jobs.counts()).map((c) => ({
      labels: { shard: String(c.shardId), queue: c.queue },
      value: c.count,
    })),
  );

  registerGauge(
    metrics,
    'analysis_workers',
    'Worker slots: running, waiting jobs, waiting previews',
    ['state'],
    () => {
      const slots = workerSlots.stats();
      return [
        { labels: { state: 'running' }, value: slots.running },
        { labels: { state: 'waiting_jobs' }, value: slots.waitingJobs },
        { labels: { state: 'waiting_previews' }, value: slots.waitingPreviews },
      ];
    },
  );

  const ready: ReadinessCheck = async () => {
    const check = async (d: Database<unknown>) =>
      sql`SELECT 1`.execute(d.db).then(
        () => ({ ok: true }),
        (error: unknown) => ({ ok: false, error: (error as Error).message }),
      );
    const redisCheck = await redis?.ping();
    const entries = await Promise.all([
      check(control as Database<unknown>).then((result) => ['control', result] as const),
      ...[...shards].map(async ([id, s]) => [`shard_${id}`, await check(s as Database<unknown>)] as const),
    ]);
    return { ...Object.fromEntries(entries), ...(redisCheck ? { redis: redisCheck } : {}) };
  };

  return {
    config,
    metrics,
    metricsText: metricsSource(metrics.registry),
    control,
    router,
    jobs,
    tenants,
    files,
    analyses,
    layerMappings,
    workerSlots,
    events,
    cache,
    batchUsage: new BatchUsage(redisBatch),
    costs,
    automation,
    quotas,
    emit,
    limiters: createRateLimiters(redis, config),
    ready,
    close: async () => {
      router.stopRefresh();
      await revocations.close();
      await jobs.stop();
      await automation.close();
      quotas.close();
      await events.close();
      await cdnPurge?.close();
      await cache.close();
      await redis?.close();
      await closeDatabases();
      await embedded.stop();
    },
  };
}
