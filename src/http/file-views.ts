import { tenantKey } from '../cache/index.ts';
import type { AnalysisRecord, AnalysisService, FileRecord, FileService, FileStatus } from '../files/index.ts';
import type { FileJson } from './schemas.ts';

// The API's JSON views of files and analyses, and their cache keys: shared by the routes (cached reads) and
// the write paths that refresh the cache after a change.

/** API form of a file record. */
export function fileJson(file: FileRecord): FileJson {
  return {
    file_id: file.id,
    filename: file.filename,
    format: file.format,
    size_bytes: file.sizeBytes,
    sha256: file.sha256,
    status: file.status,
    status_label: file.statusLabel,
    tags: file.tags,
    notes: file.notes,
    created_at: file.createdAt.toISOString(),
    updated_at: file.updatedAt.toISOString(),
    processing_ms: file.processingMs,
  };
}

/** API form of an analysis. */
export function analysisJson(analysis: AnalysisRecord) {
  return {
    file_id: analysis.fileId,
    status: analysis.status,
    attempts: analysis.attempts,
    started_at: analysis.startedAt?.toISOString() ?? null,
    completed_at: analysis.completedAt?.toISOString() ?? null,
    duration_ms: analysis.durationMs,
    options: analysis.options,
    error: analysis.error,
    result: analysis.result ?? null,
  };
}

/** Query of `GET /api/files` after validation. */
export interface FileListQuery {
  limit: number;
  cursor?: string;
  status?: FileStatus;
  created_from?: string;
  created_to?: string;
}

/** The first page every client asks for first (`GET /api/files` without parameters). */
export const DEFAULT_FILE_LIST: FileListQuery = { limit: 20 };

/** Cache key of one list page of a tenant's files. */
export function fileListKey(tenantId: string, q: FileListQuery) {
  return tenantKey(
    tenantId,
    'file_list',
    q.limit,
    q.cursor ?? '',
    q.status ?? '',
    q.created_from ?? '',
    q.created_to ?? '',
  );
}

/** One list page as the API returns it. */
export async function fileListJson(files: FileService, tenantId: string, q: FileListQuery) {
  const page = await files.list(tenantId, {
    limit: q.limit,
    cursor: q.cursor,
    status: q.status,
    createdFrom: q.created_from ? new Date(q.created_from) : undefined,
    createdTo: q.created_to ? new Date(q.created_to) : undefined,
  });
  return { items: page.items.map(fileJson), next_cursor: page.nextCursor };
}

/** Cache key of a file's analysis. */
export function analysisKey(tenantId: string, fileId: string) {
  return tenantKey(tenantId, 'analysis_results', fileId);
}

/** Cache key of a file's SVG preview (all of a tenant's previews are invalidated when its mappings change). */
export function previewKey(tenantId: string, fileId: string) {
  return tenantKey(tenantId, 'file_previews', fileId);
}

/** A file's analysis as the API returns it. */
export async function analysisViewJson(analyses: AnalysisService, tenantId: string, fileId: string) {
  return analysisJson(await analyses.get(tenantId, fileId));
}
