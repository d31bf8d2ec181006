import type { Selectable } from 'kysely';
import type { ShardRouter, ShardTables } from '../db/index.ts';
import type { AnalysisStatus } from './file-status.ts';

/** A file's analysis state and result. */
export interface AnalysisRecord {
  fileId: string;
  status: AnalysisStatus;
  options: Record<string, unknown>;
  result: unknown;
  error: { code: string; message: string } | null;
  attempts: number;
  startedAt: Date | null;
  completedAt: Date | null;
  durationMs: number | null;
  updatedAt: Date;
}

/** Analyses on the tenant's shard, one row per file. */
export class AnalysisRepository {
  constructor(private readonly router: ShardRouter) {}

  async get(tenantId: string, fileId: string): Promise<AnalysisRecord | undefined> {
    const row = await this.router
      .forTenant(tenantId)
      .selectFrom('file_analyses')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('file_id', '=', fileId)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Marks the analysis as running and counts the attempt. */
  async start(tenantId: string, fileId: string, startedAt: Date): Promise<boolean> {
    const result = await this.router
      .forTenant(tenantId)
      .updateTable('file_analyses')
      .set((eb) => ({
        status: 'processing',
        started_at: startedAt,
        attempts: eb('attempts', '+', 1),
        updated_at: new Date(),
      }))
      .where('tenant_id', '=', tenantId)
      .where('file_id', '=', fileId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Records the outcome: a result or a reading error. */
  async finish(
    tenantId: string,
    fileId: string,
    outcome: { result: unknown } | { error: { code: string; message: string } },
    completedAt: Date,
    durationMs: number,
  ): Promise<void> {
    await this.router
      .forTenant(tenantId)
      .updateTable('file_analyses')
      .set({
        status: 'result' in outcome ? 'completed' : 'failed',
        result: 'result' in outcome ? JSON.stringify(outcome.result) : null,
        error: 'error' in outcome ? JSON.stringify(outcome.error) : null,
        completed_at: completedAt,
        duration_ms: durationMs,
        updated_at: new Date(),
      })
      .where('tenant_id', '=', tenantId)
      .where('file_id', '=', fileId)
      .execute();
  }

  /** Resets the analysis to pending with new options (a refresh). */
  async reset(tenantId: string, fileId: string, options: Record<string, unknown>): Promise<boolean> {
    const result = await this.router
      .forTenant(tenantId)
      .updateTable('file_analyses')
      .set({ status: 'pending', options: JSON.stringify(options), updated_at: new Date() })
      .where('tenant_id', '=', tenantId)
      .where('file_id', '=', fileId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function toRecord(row: Selectable<ShardTables['file_analyses']>): AnalysisRecord {
  return {
    fileId: row.file_id,
    status: row.status,
    options: row.options,
    result: row.result,
    error: row.error,
    attempts: row.attempts,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    durationMs: row.duration_ms,
    updatedAt: row.updated_at,
  };
}
