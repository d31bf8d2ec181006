import type { Kysely } from 'kysely';
import type { AppCache, CdnPurgeQueue } from '../cache/index.ts';
import type { ControlTables, ShardRouter } from '../db/index.ts';
import {
  fileEventFields,
  type AnalysisService,
  type FileService,
  type TakeoffAdjustmentService,
} from '../files/index.ts';
import { QUEUES, type JobQueue } from '../jobs/index.ts';
import { BatchService } from './batch.service.ts';
import { markupCache, sharedRowsCache } from './cost-data-cache.policy.ts';
import { CostDataRepository } from './cost-data.repository.ts';
import { CostDataService } from './cost-data.service.ts';
import type { CostEvent } from './estimate-events.ts';
import { EstimateRepository } from './estimate.repository.ts';
import { EstimateService, type EstimateJob, type LoadAnalysedFile } from './estimate.service.ts';

/** The cost services as the HTTP layer, the automation workflows and the workers use them. */
export interface CostServices {
  data: CostDataService;
  estimates: EstimateService;
  batch: BatchService;
  estimateRepository: EstimateRepository;
  /** Registers the `estimate` worker. */
  startWorkers(concurrency: number): Promise<void>;
}

/** What the costs module is built from. */
export interface CostsModuleDeps {
  control: Kysely<ControlTables>;
  router: ShardRouter;
  jobs: JobQueue;
  cache: AppCache;
  /** Purges the shared data from the CDN when it changes (none without CDN_PURGE_URL). */
  cdnPurge: CdnPurgeQueue | undefined;
  files: FileService;
  analyses: AnalysisService;
  /** The files module's queueing of many analysis runs (batch `analyze`). */
  queueAnalyses: (tenantId: string, fileIds: string[]) => Promise<void>;
  /** People's corrections of takeoffs, applied to the estimates of files. */
  adjustments: TakeoffAdjustmentService;
  emit: (event: CostEvent) => Promise<unknown>;
}

/** Builds the cost repositories and services over the shared data cache and the files module. */
export function createCosts(d: CostsModuleDeps): CostServices {
  const { router, jobs, files, analyses } = d;
  const data = new CostDataService(
    new CostDataRepository(d.control),
    sharedRowsCache(d.cache, d.cdnPurge),
    markupCache(d.cache),
  );
  const loadFile: LoadAnalysedFile = async (tenantId, fileId) => {
    const file = await files.find(tenantId, fileId);
    if (file === undefined) return undefined;
    const analysis = await analyses.get(tenantId, fileId);
    return {
      eventFields: fileEventFields(file),
      analysisStatus: analysis.status,
      completedAt: analysis.completedAt,
      result: analysis.result,
      adjustments: await d.adjustments.listUnchecked(tenantId, fileId),
    };
  };
  const estimateRepository = new EstimateRepository(router);
  const estimates = new EstimateService(data, estimateRepository, loadFile, async (event) => {
    // A new estimate changes the answers of the tenant's similar searches.
    await d.cache.invalidateTenantKind(event.tenantId, 'similar_search');
    return d.emit(event);
  });
  const batch = new BatchService(data, {
    existingFileIds: async (tenantId, ids) => new Set((await files.getMany(tenantId, ids)).map((f) => f.id)),
    queueAnalyses: d.queueAnalyses,
    queueEstimates: (tenantId, batch) =>
      jobs.enqueueMany(router.shardIdFor(tenantId), QUEUES.estimate, batch),
  });
  return {
    data,
    estimates,
    batch,
    estimateRepository,
    startWorkers: async (concurrency) => {
      await jobs.work<EstimateJob>(QUEUES.estimate, concurrency, async (job) => {
        await estimates.processJob(job);
      });
    },
  };
}
