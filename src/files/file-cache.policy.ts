import { tenantKey, type AppCache } from '../cache/index.ts';
import type { AnalysisRecord } from './analysis.repository.ts';
import type { FileRecord } from './file.repository.ts';
import type { FileService } from './file.service.ts';
import { analysisJson, DEFAULT_FILE_LIST, fileListJson, type FileListQuery } from './file.views.ts';

/** Cache key of one list page of a tenant's files. */
export function fileListKey(tenantId: string, q: FileListQuery) {
  return tenantKey(
    tenantId,
    'file_list',
    q.limit,
    q.cursor ?? '',
    q.status ?? '',
    q.created_from ?? '',
    q.name ?? '',
    q.created_to ?? '',
  );
}

/** Cache key of one file's metadata. */
export function fileMetadataKey(tenantId: string, fileId: string) {
  return tenantKey(tenantId, 'file_metadata', fileId);
}

/** Cache key of a file's analysis. */
export function analysisKey(tenantId: string, fileId: string) {
  return tenantKey(tenantId, 'analysis_results', fileId);
}

/** Cache key of a file's SVG preview (all of a tenant's previews are invalidated when its mappings change). */
export function previewKey(tenantId: string, fileId: string) {
  return tenantKey(tenantId, 'file_previews', fileId);
}

/** Cache key of a file's plan geometry (a preview too: invalidated with them). */
export function geometryKey(tenantId: string, fileId: string) {
  return tenantKey(tenantId, 'file_previews', fileId, 'geometry');
}

/**
 * What a change to files does to the cache: every view it touches is invalidated, and the views clients
 * read most (the first list page, a finished analysis) are written through at once, so the next read is a
 * hit. The bodies are the routes' own views, so a refreshed entry is byte for byte what a read would cache.
 */
export class FileCachePolicy {
  /** Tenants whose first page is being reloaded, and whether another change came meanwhile. */
  readonly #refreshing = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(private readonly cache: AppCache) {}

  /**
   * New files (one group commit, possibly of several tenants): each tenant's lists are stale, and its first page
   * is reloaded once for them all. Resolves once the lists are invalidated; the reload runs on after it, so an
   * upload is answered without waiting for a list query, and the uploader's next list in this process waits for
   * the reload (see `AppCache.refresh`) instead of loading the page itself. Concurrent batches of a tenant share
   * the reloads (see `refreshFirstPage`).
   */
  async uploaded(files: FileService, batch: readonly FileRecord[]): Promise<void> {
    const tenants = [...new Set(batch.map((file) => file.tenantId))];
    await Promise.all(tenants.map((tenantId) => this.cache.invalidateTenantKind(tenantId, 'file_list')));
    // a failed reload leaves the page uncached: the next list loads it
    for (const tenantId of tenants) this.refreshFirstPage(files, tenantId).catch(() => undefined);
  }

  /** A file changed (deleted, status): its metadata, analysis and the tenant's lists are stale. */
  async changed(tenantId: string, fileId: string): Promise<void> {
    await Promise.all([
      this.cache.invalidateTenantKind(tenantId, 'file_list'),
      this.cache.delete(fileMetadataKey(tenantId, fileId)),
      this.cache.delete(analysisKey(tenantId, fileId)),
      this.cache.delete(previewKey(tenantId, fileId)),
      this.cache.delete(geometryKey(tenantId, fileId)),
    ]);
  }

  /** A tenant's layer mappings were replaced: every preview of its drawings is stale. */
  async mappingsReplaced(tenantId: string): Promise<void> {
    await this.cache.invalidateTenantKind(tenantId, 'file_previews');
  }

  /** A file's row changed in place (labels): as `changed`, then the first page is reloaded. */
  async relabelled(files: FileService, file: FileRecord): Promise<void> {
    await this.changed(file.tenantId, file.id);
    await this.refreshFirstPage(files, file.tenantId);
  }

  /** An analysis finished: its view and the first page (which shows the file's status) are reloaded. */
  async analysisFinished(files: FileService, file: FileRecord, analysis: AnalysisRecord): Promise<void> {
    await this.cache.refresh(analysisKey(file.tenantId, file.id), async () =>
      JSON.stringify(analysisJson(analysis)),
    );
    await this.refreshFirstPage(files, file.tenantId);
  }

  /**
   * Write-through of the page every client asks for first (`GET /api/files` without parameters). Coalesced per
   * tenant: changes that come while a reload runs cause one more reload after it, not one each (a burst of
   * uploads costs two list queries, not one per upload).
   */
  private refreshFirstPage(files: FileService, tenantId: string): Promise<void> {
    const running = this.#refreshing.get(tenantId);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { again: false, done: Promise.resolve() };
    const reload = () =>
      this.cache.refresh(fileListKey(tenantId, DEFAULT_FILE_LIST), async () =>
        JSON.stringify(await fileListJson(files, tenantId, DEFAULT_FILE_LIST)),
      );
    state.done = (async () => {
      try {
        do {
          state.again = false;
          await reload();
        } while (state.again);
      } finally {
        this.#refreshing.delete(tenantId);
      }
    })();
    this.#refreshing.set(tenantId, state);
    return state.done;
  }
}
