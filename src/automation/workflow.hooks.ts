import { AsyncLocalStorage } from 'node:async_hooks';

import { NotFoundError } from '../shared/app-error.ts';
import type { WorkflowHooks } from './action.executors.ts';

const cause = new AsyncLocalStorage<string>();

/** Runs `work` as caused by automation run `runId`: events emitted meanwhile carry it as their causation. */
export function withAutomationCause<T>(runId: string, work: () => Promise<T>): Promise<T> {
  return cause.run(runId, work);
}

/** The automation run whose action is executing in this async context, if any (for `emit`'s causation). */
export function currentAutomationCause(): string | undefined {
  return cause.getStore();
}

/** The parts of the cost module the estimate workflows use. */
export interface CostPorts {
  estimates: {
    create(tenantId: string, body: { file_id: string; location: string }): Promise<{ id: string }>;
    export(tenantId: string, id: string, format: 'xlsx' | 'csv'): Promise<{ body: Buffer | string }>;
  };
  batch: {
    processFiles(
      tenantId: string,
      request: { fileIds: string[]; actions: Array<'estimate'>; location?: string },
    ): Promise<Array<{ status: string }>>;
  };
  /** The tenant's most recent file ids (a batch re-estimate covers these). */
  recentFileIds(tenantId: string, limit: number): Promise<string[]>;
}

/** Files a `batch_re_estimate` covers at most. */
const BATCH_LIMIT = 100;

/** The estimate workflows (`estimate_for_location`, `batch_re_estimate`, estimate reports) over the cost module. */
export function costWorkflows(costs: CostPorts): WorkflowHooks {
  return {
    estimateForLocation: async (tenantId, fileId, location) => {
      const record = await costs.estimates.create(tenantId, { file_id: fileId, location });
      return { estimate_id: record.id };
    },
    batchReEstimate: async (tenantId, location) => {
      const fileIds = await costs.recentFileIds(tenantId, BATCH_LIMIT);
      const items = await costs.batch.processFiles(tenantId, { fileIds, actions: ['estimate'], location });
      return { queued: items.filter((i) => i.status === 'queued').length };
    },
    estimateReport: async (tenantId, estimateId, format) => {
      try {
        const { body } = await costs.estimates.export(tenantId, estimateId, format);
        return Buffer.isBuffer(body) ? body : Buffer.from(body);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
  };
}
