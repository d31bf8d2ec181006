import { uuidv7 } from 'uuidv7';
import type { AnalysisService } from './analysis.service.ts';
import { AdjustmentNotFoundError, InvalidAdjustmentError, TakeoffNotReadyError } from './files.errors.ts';
import { MIN_POINTS, measuredQuantity, measurementUnit, type MeasurementTool } from './manual-measurement.ts';
import type {
  NewTakeoffAdjustment,
  TakeoffAdjustment,
  TakeoffAdjustmentRepository,
} from './takeoff-adjustment.repository.ts';

/** What a caller asks for; the service fills in the id, the quantity and who made it. */
export type AdjustmentRequest =
  | { kind: 'exclude_line'; lineId: string }
  | { kind: 'exclude_entities'; lineId: string; handles: string[] }
  | {
      kind: 'measurement';
      tool: MeasurementTool;
      item: string;
      label?: string;
      points: Array<[number, number]>;
      metresPerUnit: number;
    };

/** A takeoff line as far as adjustments check it. */
interface LineShape {
  id?: unknown;
  handles?: unknown;
}

/**
 * People's corrections of a file's completed machine takeoff: lines or entities left out, and manual
 * measurements. The analysis result is never changed; estimates apply these on top of it.
 */
export class TakeoffAdjustmentService {
  constructor(
    private readonly adjustments: TakeoffAdjustmentRepository,
    private readonly analyses: AnalysisService,
  ) {}

  /** The file's adjustments, oldest first (FileNotFoundError for another tenant's or an unknown file). */
  async list(tenantId: string, fileId: string): Promise<TakeoffAdjustment[]> {
    await this.analyses.get(tenantId, fileId);
    return this.adjustments.list(tenantId, fileId);
  }

  /** The file's adjustments without checking the file (for callers that have just read it). */
  listUnchecked(tenantId: string, fileId: string): Promise<TakeoffAdjustment[]> {
    return this.adjustments.list(tenantId, fileId);
  }

  /** Checks `request` against the file's takeoff and stores it; measured quantities are computed here. */
  async create(
    tenantId: string,
    fileId: string,
    request: AdjustmentRequest,
    createdBy: string,
  ): Promise<TakeoffAdjustment> {
    const analysis = await this.analyses.get(tenantId, fileId);
    if (analysis.status !== 'completed') throw new TakeoffNotReadyError(analysis.status);
    const base = { id: uuidv7(), fileId, createdBy };
    if (request.kind === 'measurement') return this.adjustments.create(tenantId, measurement(base, request));
    const takeoff = ((analysis.result as { takeoff?: LineShape[] } | null)?.takeoff ?? []).filter(
      (line) => line.id === request.lineId,
    );
    if (takeoff.length === 0) {
      throw new InvalidAdjustmentError(`the takeoff has no line "${request.lineId}"`);
    }
    if (request.kind === 'exclude_line') {
      return this.adjustments.create(tenantId, { ...base, kind: 'exclude_line', lineId: request.lineId });
    }
    const sources = new Set<unknown>(
      takeoff.flatMap((line): unknown[] => (Array.isArray(line.handles) ? (line.handles as unknown[]) : [])),
    );
    const strangers = request.handles.filter((handle) => !sources.has(handle));
    if (strangers.length > 0) {
      throw new InvalidAdjustmentError(
        `line "${request.lineId}" does not come from entities ${strangers.slice(0, 5).join(', ')}`,
      );
    }
    const handles = [...new Set(request.handles)];
    return this.adjustments.create(tenantId, {
      ...base,
      kind: 'exclude_entities',
      lineId: request.lineId,
      handles,
    });
  }

  /** Deletes one adjustment of the file (AdjustmentNotFoundError when there is none). */
  async delete(tenantId: string, fileId: string, id: string): Promise<void> {
    if (!(await this.adjustments.delete(tenantId, fileId, id))) throw new AdjustmentNotFoundError();
  }
}

/** A measurement adjustment with its quantity, or InvalidAdjustmentError naming what is wrong. */
function measurement(
  base: { id: string; fileId: string; createdBy: string },
  request: Extract<AdjustmentRequest, { kind: 'measurement' }>,
): NewTakeoffAdjustment {
  const unit = measurementUnit(request.tool, request.item);
  if (unit === undefined) {
    throw new InvalidAdjustmentError(`the ${request.tool} tool cannot measure "${request.item}"`);
  }
  if (request.points.length < MIN_POINTS[request.tool]) {
    throw new InvalidAdjustmentError(
      `a ${request.tool} needs at least ${MIN_POINTS[request.tool]} points (got ${request.points.length})`,
    );
  }
  const quantity = measuredQuantity(request.tool, request.points, request.metresPerUnit);
  return {
    ...base,
    kind: 'measurement',
    tool: request.tool,
    item: request.item,
    label: request.label ?? `Manual ${request.tool}`,
    points: request.points,
    metresPerUnit: request.metresPerUnit,
    quantity,
    unit,
  };
}
