import { AppError } from '../shared/app-error.ts';
import type { LocalBlobStore } from './blob-store.ts';
import { READABLE_FORMATS, type DrawingFormat } from './file-type.ts';
import type { FileRecord, FileRepository } from './file.repository.ts';
import type { AnalysisRecord, AnalysisRepository } from './analysis.repository.ts';
import { FileNotFoundError } from './files.errors.ts';

/** A drawing file handed to the engine; its bytes are read only when the engine is ready to use them. */
export interface DrawingInput {
  filename: string;
  read(): Promise<Uint8Array>;
}

/** Who asks for a preview (it waits in that tenant's line) and when they gave up. */
export interface PreviewRequest {
  tenantId: string;
  signal?: AbortSignal;
}

/** Reads drawings; throws an AppError (with a `code`) when a drawing cannot be read. */
export interface DrawingEngine {
  /** The takeoff of a drawing; `onStart` is called when it gets its thread (after waiting for one). */
  analyze(input: DrawingInput, options: Record<string, unknown>, onStart?: () => void): Promise<unknown>;
  /** An SVG of the drawing with classified elements coloured, gzipped. */
  preview(
    input: DrawingInput,
    options: Record<string, unknown>,
    request: PreviewRequest,
  ): Promise<Uint8Array>;
  /** The plan as gzipped JSON: every drawn entity with its handle, layer and class (waits in the preview line). */
  geometry(
    input: DrawingInput,
    options: Record<string, unknown>,
    request: PreviewRequest,
  ): Promise<Uint8Array>;
}

/** Observers of analyses: every state change (cache invalidation), and finished runs (`analysis_completed`). */
export interface AnalysisListeners {
  onChanged?(tenantId: string, fileId: string): Promise<void> | void;
  onFinished?(file: FileRecord, analysis: AnalysisRecord): Promise<void> | void;
}

/** Queues an analysis run for a file outside the upload transaction (refresh, batch). */
export type QueueAnalysis = (tenantId: string, fileId: string) => Promise<void>;

/** Runs analyses as jobs and serves their state. */
export class AnalysisService {
  constructor(
    private readonly files: FileRepository,
    private readonly analyses: AnalysisRepository,
    private readonly blobs: LocalBlobStore,
    private readonly engine: DrawingEngine,
    private readonly queueAnalysis: QueueAnalysis,
    private readonly tenantOptions: (tenantId: string) => Promise<Record<string, unknown>> = async () => ({}),
    private readonly listeners: AnalysisListeners = {},
  ) {}

  /**
   * The `analyze_file` job: uploaded → processing → analyzed | failed. A drawing that cannot be read fails
   * its analysis with the reader's code; any other error is retried, and recorded as failed on the last attempt.
   */
  async process(
    job: { tenantId: string; fileId: string },
    attempt: { retryCount: number; retryLimit: number; started?: () => void },
  ) {
    const { tenantId, fileId } = job;
    const file = await this.files.get(tenantId, fileId);
    if (!file) return; // deleted before it was processed
    const startedAt = new Date();
    await this.files.setStatus(tenantId, fileId, 'processing', { startedAt });
    await this.analyses.start(tenantId, fileId, startedAt);
    await this.listeners.onChanged?.(tenantId, fileId);
    const stored = await this.analyses.get(tenantId, fileId);
    let outcome: { result: unknown } | { error: { code: string; message: string } };
    try {
      outcome = {
        result: await this.run(
          file,
          { ...(await this.tenantOptions(tenantId)), ...stored?.options },
          attempt.started,
        ),
      };
    } catch (error) {
      const isLastAttempt = attempt.retryCount >= attempt.retryLimit;
      if (!(error instanceof AppError) && !isLastAttempt) throw error;
      outcome = {
        error:
          error instanceof AppError
            ? { code: error.code, message: error.message }
            : { code: 'INTERNAL_ERROR', message: 'the analysis failed repeatedly; retry later' },
      };
    }
    const finishedAt = new Date();
    await this.analyses.finish(
      tenantId,
      fileId,
      outcome,
      finishedAt,
      finishedAt.getTime() - startedAt.getTime(),
    );
    await this.files.setStatus(tenantId, fileId, 'result' in outcome ? 'analyzed' : 'failed', { finishedAt });
    await this.listeners.onChanged?.(tenantId, fileId);
    const analysis = await this.analyses.get(tenantId, fileId);
    if (analysis) await this.listeners.onFinished?.(file, analysis);
  }

  /** The analysis of a tenant's file (exists from upload on). */
  async get(tenantId: string, fileId: string): Promise<AnalysisRecord> {
    const analysis = await this.analyses.get(tenantId, fileId);
    if (!analysis) throw new FileNotFoundError();
    return analysis;
  }

  /** Re-runs the analysis (e.g. after layer mapping changes), with new options such as the storey height. */
  async refresh(tenantId: string, fileId: string, options: Record<string, unknown>): Promise<AnalysisRecord> {
    if (!(await this.analyses.reset(tenantId, fileId, options))) throw new FileNotFoundError();
    await this.listeners.onChanged?.(tenantId, fileId);
    await this.queueAnalysis(tenantId, fileId);
    return this.get(tenantId, fileId);
  }

  /**
   * The SVG preview of a tenant's file (gzipped), classified with the tenant's current mappings. Aborting
   * `signal` (the client left) drops the preview from its line or stops its worker.
   */
  async preview(tenantId: string, fileId: string, signal?: AbortSignal): Promise<Uint8Array> {
    const file = await this.files.get(tenantId, fileId);
    if (!file) throw new FileNotFoundError();
    const options = await this.tenantOptions(tenantId);
    return this.engine.preview(this.input(file), options, { tenantId, signal });
  }

  /** The plan geometry of a tenant's file as gzipped JSON, classified with the tenant's current mappings (as `preview`). */
  async geometry(tenantId: string, fileId: string, signal?: AbortSignal): Promise<Uint8Array> {
    const file = await this.files.get(tenantId, fileId);
    if (!file) throw new FileNotFoundError();
    const options = await this.tenantOptions(tenantId);
    return this.engine.geometry(this.input(file), options, { tenantId, signal });
  }

  private async run(
    file: FileRecord,
    options: Record<string, unknown>,
    onStart?: () => void,
  ): Promise<unknown> {
    return this.engine.analyze(this.input(file), options, onStart);
  }

  private input(file: FileRecord): DrawingInput {
    if (!READABLE_FORMATS.includes(file.format as DrawingFormat)) {
      throw new AppError(
        'UNSUPPORTED_FORMAT',
        422,
        `no ${file.format.toUpperCase()} reader is available yet`,
      );
    }
    return { filename: file.filename, read: () => this.blobs.readAll(file.blobKey) };
  }
}
