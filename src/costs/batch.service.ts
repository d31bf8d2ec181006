/**
 * Batch processing of a tenant's files: one query loads every named file of the tenant, then analysis and/or
 * estimate jobs are queued for those found; each id gets its own answer and one failure never fails the rest.
 */
import { BatchLocationRequiredError } from './costs.errors.ts';
import type { CostDataService } from './cost-data.service.ts';
import type { EstimateJob } from './estimate.service.ts';

/** What a batch can do to each file. */
export type BatchAction = 'analyze' | 'estimate';

/** Per-id outcome: queued, not found (unknown or another tenant's), or the queue refused the job. */
export interface BatchItem {
  file_id: string;
  status: 'queued' | 'not_found' | 'error';
  actions: BatchAction[];
}

/** What the batch needs from files and jobs. */
export interface BatchPorts {
  /** Ids among `ids` that are files of the tenant, in ONE query. */
  existingFileIds(tenantId: string, ids: string[]): Promise<Set<string>>;
  /** Queues the analyses of many files of the tenant in ONE statement. */
  queueAnalyses(tenantId: string, fileIds: string[]): Promise<void>;
  /** Queues many estimate jobs of the tenant in ONE statement. */
  queueEstimates(tenantId: string, jobs: EstimateJob[]): Promise<void>;
}

/** Queues work for many files at once. */
export class BatchService {
  constructor(
    private readonly costData: CostDataService,
    private readonly ports: BatchPorts,
  ) {}

  /** Answers per id in request order; a repeated id is queued once and answered each time. */
  async processFiles(
    tenantId: string,
    request: { fileIds: string[]; actions: BatchAction[]; location?: string },
  ): Promise<BatchItem[]> {
    const actions = [...new Set(request.actions)];
    const estimate = actions.includes('estimate');
    let location: string | undefined;
    if (estimate) {
      if (request.location === undefined) throw new BatchLocationRequiredError();
      location = (await this.costData.location(request.location)).key;
    }
    const unique = [...new Set(request.fileIds)];
    const found = await this.ports.existingFileIds(tenantId, unique);
    // An estimate queued with a fresh analysis waits for that analysis, not an older completed one.
    const notBefore = actions.includes('analyze') ? new Date().toISOString() : undefined;
    const queued = unique.filter((fileId) => found.has(fileId));
    // A statement per action, whatever the number of files (the N+1 guard test counts them): the queue
    // refusing it answers `error` for every file it named.
    let queuedStatus: BatchItem['status'] = 'queued';
    try {
      if (actions.includes('analyze')) await this.ports.queueAnalyses(tenantId, queued);
      if (estimate && location !== undefined) {
        const jobs = queued.map((fileId) => ({ tenantId, fileId, location, notBefore }));
        await this.ports.queueEstimates(tenantId, jobs);
      }
    } catch {
      queuedStatus = 'error';
    }
    return request.fileIds.map((fileId) => {
      const status = found.has(fileId) ? queuedStatus : 'not_found';
      return { file_id: fileId, status, actions: status === 'not_found' ? [] : actions };
    });
  }
}
