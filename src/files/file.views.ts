import type { AnalysisRecord } from './analysis.repository.ts';
import type { AnalysisService } from './analysis.service.ts';
import type { FileRecord } from './file.repository.ts';
import type { FileService } from './file.service.ts';
import type { FileStatus } from './file-status.ts';

// The API's JSON views of files and analyses: shared by the routes (cached reads) and the write-through
// cache policy that refreshes them after a change (file-cache.policy.ts), so both produce the same bytes.

/** A file as the API shows it (the HTTP layer's `FileSchema` checks this shape on every route). */
export interface FileJson {
  file_id: string;
  filename: string;
  format: string;
  size_bytes: number;
  sha256: string;
  status: FileStatus;
  status_label: string | null;
  tags: string[];
  notes: string | null;
  created_at: string;
  updated_at: string;
  processing_ms: number | null;
}

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
  /** Only files whose name contains this text, in any case. */
  name?: string;
  created_from?: string;
  created_to?: string;
}

/** The first page every client asks for first (`GET /api/files` without parameters). */
export const DEFAULT_FILE_LIST: FileListQuery = { limit: 20 };

/** One list page as the API returns it. */
export async function fileListJson(files: FileService, tenantId: string, q: FileListQuery) {
  const page = await files.list(tenantId, {
    limit: q.limit,
    cursor: q.cursor,
    status: q.status,
    name: q.name,
    createdFrom: q.created_from ? new Date(q.created_from) : undefined,
    createdTo: q.created_to ? new Date(q.created_to) : undefined,
  });
  return { items: page.items.map(fileJson), next_cursor: page.nextCursor };
}

/** A file's analysis as the API returns it. */
export async function analysisViewJson(analyses: AnalysisService, tenantId: string, fileId: string) {
  return analysisJson(await analyses.get(tenantId, fileId));
}
