/** Cost estimates: price a raw material map or a file's analysis, store, list, export, find similar ones. */
import { uuidv7 } from 'uuidv7';
import type { TakeoffAdjustment } from '../files/index.ts';
import { linesFromAnalysis } from './analysis-lines.ts';
import type { CostDataService } from './cost-data.service.ts';
import {
  AnalysisNotCompletedError,
  EstimateFileNotFoundError,
  EstimateNotFoundError,
} from './costs.errors.ts';
import type { CreateEstimateBody, SearchSimilarBody } from './costs.schemas.ts';
import { costEstimatedEvent, type CostEvent } from './estimate-events.ts';
import { toCsv, toXlsx } from './estimate-export.ts';
import { linesFromMaterialMap, resolveMaterialQuantities } from './estimate-input.ts';
import type { EstimateRecord, EstimateRepository, EstimateSummary } from './estimate.repository.ts';
import { estimateCost } from './estimator.ts';
import { findLocation } from './location-lookup.ts';
import { rankSimilar, toVector } from './similarity.ts';

/** A tenant's file with its analysis, as the estimator needs it. */
export interface AnalysedFile {
  /** The `file` fields of domain events. */
  readonly eventFields: Record<string, unknown>;
  readonly analysisStatus: string;
  readonly completedAt: Date | null;
  readonly result: unknown;
  /** People's corrections of the takeoff, applied when the file is priced. */
  readonly adjustments: readonly TakeoffAdjustment[];
}

/** Loads a tenant's file and its analysis; undefined for an unknown or another tenant's id. */
export type LoadAnalysedFile = (tenantId: string, fileId: string) => Promise<AnalysedFile | undefined>;

/** Data of an `estimate` job: price the file's analysis once it has completed (after `notBefore`, if set). */
export interface EstimateJob {
  tenantId: string;
  fileId: string;
  location: string;
  notBefore?: string;
}

/** One search-similar hit as the API returns it. */
export interface SimilarHit {
  estimate_id: string;
  score: number;
  cosine: number;
  location: string;
  same_location: boolean;
  shared_materials: string[];
  total: number;
  currency: string;
  created_at: string;
}

/** Estimates of tenants over the shared catalog and locations. */
export class EstimateService {
  constructor(
    private readonly costData: CostDataService,
    private readonly estimates: EstimateRepository,
    private readonly loadFile: LoadAnalysedFile,
    private readonly emit: (event: CostEvent) => Promise<unknown>,
  ) {}

  /**
   * Prices `body` (a raw map or a file's completed analysis) for its location with the tenant's markup,
   * stores it and emits `cost_estimated`. Every input error is thrown before anything is stored.
   */
  async create(tenantId: string, body: CreateEstimateBody): Promise<EstimateRecord> {
    const data = await this.costData.snapshot();
    const location = findLocation(data.locations, body.location);
    let file: AnalysedFile | undefined;
    if (body.file_id !== undefined) {
      file = await this.loadFile(tenantId, body.file_id);
      if (file === undefined) throw new EstimateFileNotFoundError();
      if (file.analysisStatus !== 'completed') {
        throw new AnalysisNotCompletedError(body.file_id, file.analysisStatus);
      }
    }
    const lines = file
      ? linesFromAnalysis(file.result, file.adjustments)
      : linesFromMaterialMap(body.materials);
    const estimate = estimateCost({
      lines,
      catalog: data.catalog,
      location,
      markup: await this.costData.markup(tenantId),
      currency: body.currency,
    });
    const record = await this.estimates.create(tenantId, {
      id: uuidv7(),
      fileId: body.file_id ?? null,
      estimate,
      vector: toVector(estimate.quantities),
    });
    await this.emit(costEstimatedEvent(tenantId, record.id, estimate, file?.eventFields));
    return record;
  }

  /** The `estimate` job: retried (by throwing) while the analysis has not completed; dropped if it failed. */
  async processJob(job: EstimateJob): Promise<EstimateRecord | undefined> {
    const file = await this.loadFile(job.tenantId, job.fileId);
    if (file === undefined || file.analysisStatus === 'failed') return undefined;
    const fresh =
      job.notBefore === undefined ||
      (file.completedAt !== null && file.completedAt.getTime() >= Date.parse(job.notBefore));
    if (file.analysisStatus !== 'completed' || !fresh) {
      throw new AnalysisNotCompletedError(job.fileId, fresh ? file.analysisStatus : 'not yet re-run');
    }
    return this.create(job.tenantId, { file_id: job.fileId, location: job.location });
  }

  /** One estimate of the tenant; EstimateNotFoundError otherwise. */
  async get(tenantId: string, id: string): Promise<EstimateRecord> {
    const record = await this.estimates.get(tenantId, id);
    if (record === undefined) throw new EstimateNotFoundError();
    return record;
  }

  /** A page of the tenant's estimates, newest first; `nextCursor` is null on the last page. */
  async list(
    tenantId: string,
    query: { limit: number; cursor?: string },
  ): Promise<{ items: EstimateSummary[]; nextCursor: string | null }> {
    const rows = await this.estimates.list(tenantId, { limit: query.limit + 1, beforeId: query.cursor });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? last.id : null };
  }

  /** The estimate as an xlsx workbook or a CSV, with a file name for Content-Disposition. */
  async export(
    tenantId: string,
    id: string,
    format: 'xlsx' | 'csv',
  ): Promise<{ body: Buffer | string; filename: string }> {
    const { estimate } = await this.get(tenantId, id);
    const filename = `estimate-${id}.${format}`;
    return { body: format === 'xlsx' ? await toXlsx(estimate) : toCsv(estimate), filename };
  }

  /**
   * The tenant's most similar estimates: exact top-`limit` by location-weighted cosine, from two GiST KNN
   * scans (nearest overall, nearest in the same location) merged by rankSimilar (see similarity.ts).
   * A map with no material of the similarity basis has no vector and finds nothing.
   */
  async searchSimilar(tenantId: string, body: SearchSimilarBody): Promise<SimilarHit[]> {
    const data = await this.costData.snapshot();
    const location = findLocation(data.locations, body.location);
    const quantities = resolveMaterialQuantities(data.catalog, body.materials);
    const vector = toVector(quantities);
    if (vector === null) return [];
    const [overall, local] = await Promise.all([
      this.estimates.nearest(tenantId, vector, body.limit),
      this.estimates.nearest(tenantId, vector, body.limit, location.key),
    ]);
    const rows = new Map([...overall, ...local].map((row) => [row.id, row]));
    const ranked = rankSimilar(
      { vector, quantities, locationKey: location.key },
      [...rows.values()].map((r) => ({
        id: r.id,
        locationKey: r.locationKey,
        quantities: r.quantities,
        distance: r.distance,
      })),
      body.limit,
    );
    return ranked.flatMap((hit) => {
      const row = rows.get(hit.id);
      if (row === undefined) return [];
      return [
        {
          estimate_id: hit.id,
          score: hit.score,
          cosine: hit.cosine,
          location: hit.location_key,
          same_location: hit.same_location,
          shared_materials: hit.shared_materials,
          total: row.total,
          currency: row.currency,
          created_at: row.createdAt.toISOString(),
        },
      ];
    });
  }
}
