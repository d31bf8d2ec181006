import type { AppCache } from '../cache/index.ts';
import type { ShardRouter } from '../db/index.ts';
import { QUEUES, type JobQueue } from '../jobs/index.ts';
import { WorkerSlots } from '../analysis/index.ts';
import { registerGauge, type Metrics } from '../observability/index.ts';
import { AnalysisRepository } from './analysis.repository.ts';
import { AnalysisService, type DrawingEngine, type QueueAnalysis } from './analysis.service.ts';
import type { LocalBlobStore } from './blob-store.ts';
import { FileCachePolicy } from './file-cache.policy.ts';
import { analysisCompletedEvent, fileUploadedEvent, type NewDomainEvent } from './file-events.ts';
import { FileRepository } from './file.repository.ts';
import { FileService, type FileQuota } from './file.service.ts';
import { LayerMappingRepository } from './layer-mapping.repository.ts';
import { LayerMappingService } from './layer-mapping.service.ts';
import { TakeoffAdjustmentRepository } from './takeoff-adjustment.repository.ts';
import { TakeoffAdjustmentService } from './takeoff-adjustment.service.ts';

/** What the files module is built from. */
export interface FilesModuleDeps {
  router: ShardRouter;
  jobs: JobQueue;
  cache: AppCache;
  blobs: LocalBlobStore;
  /** The drawing engine over the worker slots this module creates (analyses and previews share them). */
  engine(slots: WorkerSlots): DrawingEngine;
  /** Worker threads running analyses and previews at once in this process. */
  analysisWorkers: number;
  metrics: Metrics;
  /** The tenant's file quotas, counted in the upload and delete transactions. */
  quotas: FileQuota;
  /** Emits `file_uploaded` and `analysis_completed` (for the rules engine and the live streams). */
  emit(event: NewDomainEvent): Promise<unknown>;
  /** The automation run that asked for an analysis, read from its options: the completed event's causation. */
  analysisCause(options: Record<string, unknown>): string | undefined;
  uploadMaxBytes: number;
}

/** The files module as the HTTP layer, the other modules and the workers use it. */
export interface Files {
  files: FileService;
  analyses: AnalysisService;
  layerMappings: LayerMappingService;
  /** People's corrections of machine takeoffs (exclusions, manual measurements). */
  adjustments: TakeoffAdjustmentService;
  /** The worker threads shared by analysis jobs and previews (counters for metrics and tests). */
  workerSlots: WorkerSlots;
  /** Queues analysis runs of many of a tenant's files in one statement, outside any transaction (batch). */
  queueAnalyses: (tenantId: string, fileIds: string[]) => Promise<void>;
  /**
   * Registers the `analyze_file` worker: two jobs per analysis worker thread plus two, so a job's database work
   * overlaps the others' analyses while few jobs wait locally for a thread (the fetch takes jobs in fair order
   * across tenants; a quiet tenant's upload waits behind at most these few).
   */
  startWorkers(concurrency: number): Promise<void>;
}

/** Builds the files, analyses and layer mappings over one set of repositories, with their cache policy. */
export function createFiles(d: FilesModuleDeps): Files {
  const { router, jobs } = d;
  const fileRepository = new FileRepository(router);
  const cachePolicy = new FileCachePolicy(d.cache);
  // Every preview is classified with the tenant's mappings: new mappings make all its previews stale.
  const layerMappings = new LayerMappingService(new LayerMappingRepository(router), (tenantId) =>
    cachePolicy.mappingsReplaced(tenantId),
  );
  const workerSlots = new WorkerSlots(d.analysisWorkers);
  registerWorkerGauge(d.metrics, workerSlots);
  const queueAnalysis: QueueAnalysis = (tenantId, fileId) =>
    jobs.enqueue(router.shardIdFor(tenantId), QUEUES.analyzeFile, { tenantId, fileId });

  // The listeners run after a change committed; the cache policy reloads lists through this same service.
  const files: FileService = new FileService(
    fileRepository,
    d.blobs,
    // A group commit's analysis jobs in one statement, inside the transaction that adds their files.
    (trx, shardId, batch) => jobs.enqueueManyInTransaction(trx, shardId, QUEUES.analyzeFile, batch),
    d.uploadMaxBytes,
    d.quotas,
    {
      // Once per group commit, before its uploads are answered: the lists are invalidated (their first page is
      // reloaded meanwhile), and `emit` queues the rules engine's job
      // (durable: a rule reacting to the upload must not be lost to a crash right after the 200).
      onUploaded: async (batch) => {
        await Promise.all([
          cachePolicy.uploaded(files, batch),
          ...batch.map((file) => d.emit(fileUploadedEvent(file))),
        ]);
      },
      onDeleted: (file) => cachePolicy.changed(file.tenantId, file.id),
      onChanged: (file) => cachePolicy.relabelled(files, file),
    },
  );
  const analyses = new AnalysisService(
    fileRepository,
    new AnalysisRepository(router),
    d.blobs,
    d.engine(workerSlots),
    queueAnalysis,
    async (tenantId) => ({ layerMappings: await layerMappings.list(tenantId) }),
    {
      onChanged: (tenantId, fileId) => cachePolicy.changed(tenantId, fileId),
      onFinished: async (file, analysis) => {
        // `file` is as the run found it: never processed before means this is the upload's first analysis
        if (file.processedAt === null && analysis.completedAt !== null)
          d.metrics.uploadToReady
            .labels(analysis.status)
            .observe((analysis.completedAt.getTime() - file.createdAt.getTime()) / 1000);
        await cachePolicy.analysisFinished(files, file, analysis);
        await d.emit({
          ...analysisCompletedEvent(file, analysis),
          causation: d.analysisCause(analysis.options),
        });
      },
    },
  );

  return {
    files,
    analyses,
    layerMappings,
    adjustments: new TakeoffAdjustmentService(new TakeoffAdjustmentRepository(router), analyses),
    workerSlots,
    queueAnalyses: (tenantId, fileIds) =>
      jobs.enqueueMany(
        router.shardIdFor(tenantId),
        QUEUES.analyzeFile,
        fileIds.map((fileId) => ({ tenantId, fileId })),
      ),
    startWorkers: async () => {
      await jobs.work<{ tenantId: string; fileId: string }>(
        QUEUES.analyzeFile,
        2 * workerSlots.capacity + 2,
        async (data, meta) => {
          await analyses.process(data, meta);
          d.metrics.jobsProcessed.labels(QUEUES.analyzeFile, 'done').inc();
        },
        // more are fetched than there are threads: a job waits for its thread with its lease renewed
        { waitsForStart: true },
      );
    },
  };
}

/** `analysis_workers{state}`: running workers, and jobs and previews waiting for one. */
function registerWorkerGauge(metrics: Metrics, slots: WorkerSlots): void {
  registerGauge(
    metrics,
    'analysis_workers',
    'Worker slots: running, waiting jobs, waiting previews',
    ['state'],
    () => {
      const stats = slots.stats();
      return [
        { labels: { state: 'running' }, value: stats.running },
        { labels: { state: 'waiting_jobs' }, value: stats.waitingJobs },
        { labels: { state: 'waiting_previews' }, value: stats.waitingPreviews },
      ];
    },
  );
}
