import type { AnalysisRecord } from './analysis.repository.ts';
import type { FileRecord } from './file.repository.ts';

/** A domain event about to be emitted: the platform adds its id and time. */
export interface NewDomainEvent {
  type: string;
  tenantId: string;
  data: Record<string, unknown>;
  causation?: string;
}

/** The `file` fields every file event carries (the automation field catalog documents them). */
export function fileEventFields(file: FileRecord): Record<string, unknown> {
  return {
    id: file.id,
    filename: file.filename,
    size_bytes: file.sizeBytes,
    format: file.format,
    status: file.status,
    content_type: 'application/octet-stream',
    uploaded_at: file.createdAt.toISOString(),
    tags: file.tags,
    status_label: file.statusLabel ?? '',
  };
}

/** `file_uploaded`, emitted after the upload committed. */
export function fileUploadedEvent(file: FileRecord): NewDomainEvent {
  return { type: 'file_uploaded', tenantId: file.tenantId, data: { file: fileEventFields(file) } };
}

interface ResultSummary {
  materials?: Record<string, { quantity: number; unit: string }>;
  warnings?: string[];
  takeoff?: Array<{ elementClass?: string; quantity?: number; unit?: string }>;
  walls?: { count?: number; centreLineLengthM?: number };
  openings?: unknown[];
}

/** `analysis_completed`, emitted when an analysis finished (completed or failed). */
export function analysisCompletedEvent(file: FileRecord, analysis: AnalysisRecord): NewDomainEvent {
  const result = (analysis.result ?? {}) as ResultSummary;
  const takeoff = result.takeoff ?? [];
  const count = (classes: string[]) =>
    takeoff.filter((line) => classes.includes(line.elementClass ?? '')).length;
  return {
    type: 'analysis_completed',
    tenantId: file.tenantId,
    data: {
      file: { ...fileEventFields(file), status: analysis.status === 'completed' ? 'analyzed' : 'failed' },
      analysis: {
        id: file.id,
        status: analysis.status,
        duration_ms: analysis.durationMs ?? 0,
        warnings: result.warnings ?? [],
        error_code: analysis.error?.code ?? '',
        totals: {
          wall_length_m: result.walls?.centreLineLengthM ?? 0,
          takeoff_lines: takeoff.length,
          openings: result.openings?.length ?? 0,
        },
      },
      materials: result.materials ?? {},
      elements: {
        walls: result.walls?.count ?? 0,
        slabs: count(['slab']),
        openings: result.openings?.length ?? 0,
        fixtures: count(['plumbing_fixture']),
        total: takeoff.length,
      },
    },
  };
}
