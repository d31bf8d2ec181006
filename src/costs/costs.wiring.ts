/** Builds the cost services over the platform's databases, files and job queue (called by deps.ts). */
import type { Kysely } from 'kysely';
import type { ControlTables, ShardRouter } from '../db/index.ts';
import type { AnalysisService, FileRecord, FileRepository } from '../files/index.ts';
import { QUEUES, type JobHandler, type JobQueue } from '../jobs/index.ts';
import { BatchService } from './batch.service.ts';
import { CostDataRepository } from './cost-data.repository.ts';
import { CostDataService, type SharedRowsCache } from './cost-data.service.ts';
import type { CostEvent } from './estimate-events.ts';
import { EstimateRepository } from './estimate.repository.ts';
import { EstimateService, type EstimateJob, type LoadAnalysedFile } from './estimate.service.ts';

/** The cost services and the handler of the `estimate` queue. */
export interface CostServices {
  data: CostDataService;
  estimates: EstimateService;
  batch: BatchService;
  estimateRepository: EstimateRepository;
  estimateJobHandler: JobHandler<EstimateJob>;
}

/** What the cost services are built from. */
export interface CostWiringInput {
  control: Kysely<ControlTables>;
  router: ShardRouter;
  jobs: JobQueue;
  files: FileRepository;
  analyses: AnalysisService;
  emit: (event: CostEvent) => Promise<unknown>;
  fileEventFields: (file: FileRecord) => Record<string, unknown>;
  sharedRows: SharedRowsCache;
}

/** Wires repositories and services; the job handler is registered by the caller when it runs workers. */
export function wireCosts(input: CostWiringInput): CostServices {
  const { router, jobs, files, analyses } = input;
  const data = new CostDataService(new CostDataRepository(input.control), input.sharedRows);
  const loadFile: LoadAnalysedFile = async (tenantId, fileId) => {
    const file = await files.get(tenantId, fileId);
    if (file === undefined) return undefined;
    const analysis = await analyses.get(tenantId, fileId);
    return {
      eventFields: input.fileEventFields(file),
      analysisStatus: analysis.status,
      completedAt: analysis.completedAt,
      result: analysis.result,
    };
  };
  const estimateRepository = new EstimateRepository(router);
  const estimates = new EstimateService(data, estimateRepository, loadFile, input.emit);
  const batch = new BatchService(data, {
    existingFileIds: async (tenantId, ids) => new Set((await files.getMany(tenantId, ids)).map((f) => f.id)),
    queueAnalysis: (tenantId, fileId) =>
      jobs.enqueue(router.shardIdFor(tenantId), QUEUES.analyzeFile, { tenantId, fileId }),
    queueEstimate: (tenantId, job) => jobs.enqueue(router.shardIdFor(tenantId), QUEUES.estimate, job),
  });
  const estimateJobHandler: JobHandler<EstimateJob> = async (job) => {
    await estimates.processJob(job);
  };
  return { data, estimates, batch, estimateRepository, estimateJobHandler };
}
