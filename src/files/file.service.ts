import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { LocalBlobStore } from './blob-store.ts';
import { checkContentMatches, formatFromFilename } from './file-type.ts';
import type { FileStatus } from './file-status.ts';
import type { FileListFilter, FileRecord, FileRepository, NewFile } from './file.repository.ts';
import { FileNotFoundError, InvalidCursorError } from './files.errors.ts';
import { UploadGroupCommit, type Committed } from './upload-group-commit.ts';

type ShardTransaction = Parameters<Parameters<FileRepository['createMany']>[1]>[0];

/** Called inside the upload transaction to queue the files' analyses (one job each) on the same shard. */
export type EnqueueAnalyses = (
  trx: ShardTransaction,
  shardId: number,
  jobs: ReadonlyArray<{ tenantId: string; fileId: string }>,
) => Promise<void>;

/** The tenant's file quotas (count, bytes, uploads per day), counted in the transactions that write file rows. */
export interface FileQuota {
  /** Throws when a quota is already used up (or the analysis backlog full), before the upload's bytes are read. */
  checkUpload(tenantId: string): Promise<void>;
  /** Counts `count` uploads of `sizeBytes` in all; throws (and the transaction counts nothing) past a quota. */
  reserveUploads(trx: ShardTransaction, tenantId: string, count: number, sizeBytes: number): Promise<void>;
  releaseFile(trx: ShardTransaction, tenantId: string, sizeBytes: number): Promise<void>;
}

/** Observers of file changes (cache invalidation, domain events); called after commit. */
export interface FileListeners {
  /** New files committed together (one group commit, possibly several tenants); awaited before they are answered. */
  onUploaded?(files: FileRecord[]): Promise<void> | void;
  onDeleted?(file: FileRecord): Promise<void> | void;
  /** The file's row changed in place (labels): cached views of it are stale. */
  onChanged?(file: FileRecord): Promise<void> | void;
}

/** A page of files and the cursor of the next page (null at the end). */
export interface FilePage {
  items: FileRecord[];
  nextCursor: string | null;
}

/** Uploads, lists, reads and deletes a tenant's drawing files. */
export class FileService {
  readonly #commits: UploadGroupCommit;

  constructor(
    private readonly files: FileRepository,
    private readonly blobs: LocalBlobStore,
    private readonly enqueueAnalyses: EnqueueAnalyses,
    private readonly uploadMaxBytes: number,
    private readonly quota: FileQuota,
    private readonly listeners: FileListeners = {},
  ) {
    this.#commits = new UploadGroupCommit(
      (batch) => this.#commitFiles(batch),
      (tenantId) => files.shardIdFor(tenantId),
      async (records) => {
        await this.listeners.onUploaded?.(records);
      },
    );
  }

  /**
   * Streams the upload to its blob (hashed and sniffed on the way) while the tenant's quotas are checked, checks
   * its type, then commits the file row, its analysis and its job in one shard transaction (shared with
   * concurrent uploads of the shard, see `UploadGroupCommit`), which also counts it against the tenant's quotas.
   * An upload the quota check refuses is read to its end but no more of it is written. On any failure nothing is
   * left behind. The record comes from the insert itself; it is not read again. `userId` records who uploaded it
   * (a signed-in user; none for an API key).
   */
  async upload(tenantId: string, filename: string, content: Readable, userId?: string): Promise<FileRecord> {
    const format = formatFromFilename(filename);
    const id = uuidv7();
    const createdAt = new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16));
    const blobKey = `${tenantId}/${createdAt.toISOString().slice(0, 7)}/${id}.${format}`;
    const refused = new AbortController();
    const check = this.quota.checkUpload(tenantId);
    check.catch(() => refused.abort());
    const staged = await this.blobs
      .stage(blobKey, content, this.uploadMaxBytes, refused.signal)
      .catch(async (error: unknown) => {
        await check; // a refusal by the quotas is the answer, whatever the write did meanwhile
        throw error;
      });
    try {
      await check;
      await checkContentMatches(format, staged.head);
    } catch (error) {
      await staged.discard();
      throw error;
    }
    const file: NewFile = {
      id,
      tenantId,
      createdAt,
      filename: safeFilename(filename),
      format,
      sizeBytes: staged.sizeBytes,
      sha256: staged.sha256,
      blobKey,
      userId,
    };
    let committed: Committed;
    try {
      committed = await this.#commits.add(file);
    } catch (error) {
      await this.blobs.delete(blobKey);
      throw error;
    }
    // stored, but what must follow the upload before its answer (write-through, the durable event) failed
    if (committed.afterCommitError !== undefined) throw committed.afterCommitError;
    return committed.record;
  }

  async get(tenantId: string, id: string): Promise<FileRecord> {
    const file = await this.files.get(tenantId, id);
    if (!file) throw new FileNotFoundError();
    return file;
  }

  /** The tenant's file, or undefined for an unknown or another tenant's id. */
  find(tenantId: string, id: string): Promise<FileRecord | undefined> {
    return this.files.get(tenantId, id);
  }

  /** The tenant's files among `ids` (one query); unknown and other tenants' ids are left out. */
  getMany(tenantId: string, ids: string[]): Promise<FileRecord[]> {
    return this.files.getMany(tenantId, ids);
  }

  /** The file's metadata and a stream of its bytes. */
  async content(tenantId: string, id: string): Promise<{ file: FileRecord; stream: Readable }> {
    const file = await this.get(tenantId, id);
    return { file, stream: this.blobs.read(file.blobKey) };
  }

  /** Newest first; `cursor` is the opaque `nextCursor` of the previous page. */
  async list(
    tenantId: string,
    query: {
      limit: number;
      cursor?: string;
      status?: FileStatus;
      name?: string;
      createdFrom?: Date;
      createdTo?: Date;
    },
  ): Promise<FilePage> {
    const listQuery: FileListFilter = {
      limit: query.limit + 1,
      status: query.status,
      name: query.name,
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    };
    const rows = await this.files.list(tenantId, listQuery);
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
  }

  /** Sets the file's status label, tags and/or notes (those given); undefined when the file does not exist. */
  async updateLabels(
    tenantId: string,
    id: string,
    fields: { statusLabel?: string; tags?: string[]; notes?: string },
  ): Promise<FileRecord | undefined> {
    const file = await this.files.updateLabels(tenantId, id, fields);
    if (file) await this.listeners.onChanged?.(file);
    return file;
  }

  async delete(tenantId: string, id: string): Promise<void> {
    const file = await this.files.delete(tenantId, id, (trx, deleted) =>
      this.quota.releaseFile(trx, tenantId, deleted.sizeBytes),
    );
    if (!file) throw new FileNotFoundError();
    await this.blobs.delete(file.blobKey);
    await this.listeners.onDeleted?.(file);
  }

  /**
   * One shard transaction: the files, their analyses, their jobs, then each tenant's quota counts, all sent at
   * once (the transaction is pipelined, see `FileRepository.createMany`).
   */
  #commitFiles(batch: readonly NewFile[]): Promise<FileRecord[]> {
    return this.files.createMany(batch, async (trx, shardId) => {
      const jobs = batch.map((file) => ({ tenantId: file.tenantId, fileId: file.id }));
      const perTenant = new Map<string, { count: number; bytes: number }>();
      for (const file of batch) {
        const sum = perTenant.get(file.tenantId) ?? { count: 0, bytes: 0 };
        perTenant.set(file.tenantId, { count: sum.count + 1, bytes: sum.bytes + file.sizeBytes });
      }
      // Tenants in one order in every transaction: concurrent batches lock their counters without deadlock.
      await Promise.all([
        this.enqueueAnalyses(trx, shardId, jobs),
        ...[...perTenant.keys()].sort().map((tenantId) => {
          const { count, bytes } = perTenant.get(tenantId)!;
          return this.quota.reserveUploads(trx, tenantId, count, bytes);
        }),
      ]);
    });
  }
}

function encodeCursor(file: FileRecord): string {
  return Buffer.from(JSON.stringify([file.createdAt.toISOString(), file.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(createdAt));
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && !Number.isNaN(date.getTime())) {
      return { createdAt: date, id };
    }
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw new InvalidCursorError();
}

/** Keeps the base name only, without control characters, at most 255 characters. */
function safeFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? 'file';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'file';
}
