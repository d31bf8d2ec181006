import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  isMissingPartitionError,
  ensureMonthPartition,
  pipelinedTransaction,
  type ShardRouter,
  type ShardTables,
} from '../db/index.ts';
import type { FileStatus } from './file-status.ts';

/** A stored drawing file's metadata. */
export interface FileRecord {
  id: string;
  tenantId: string;
  createdAt: Date;
  filename: string;
  format: string;
  sizeBytes: number;
  sha256: string;
  blobKey: string;
  status: FileStatus;
  statusLabel: string | null;
  tags: string[];
  notes: string | null;
  processingStartedAt: Date | null;
  processedAt: Date | null;
  processingMs: number | null;
  updatedAt: Date;
}

/** Filters and page position for listing a tenant's files, newest first (the SQL side of a list query). */
export interface FileListFilter {
  limit: number;
  status?: FileStatus;
  /** Text the file name contains, in any case (matched literally: `%` and `_` are not wildcards). */
  name?: string;
  createdFrom?: Date;
  createdTo?: Date;
  after?: { createdAt: Date; id: string };
}

/** How far back the first query of a list page looks (a page it cannot fill continues in older months). */
const RECENT_WINDOW_MS = 31 * 24 * 60 * 60 * 1000;

/** The later of two optional dates. */
function laterOf(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a || !b) return a ?? b;
  return a > b ? a : b;
}

/** The creation time encoded in a UUIDv7 (its first 48 bits are Unix milliseconds); undefined for other UUIDs. */
export function createdAtOfId(id: string): Date | undefined {
  const hex = id.replace(/-/g, '');
  if (hex.length !== 32 || hex[12] !== '7') return undefined;
  return new Date(parseInt(hex.slice(0, 12), 16));
}

type FileRow = ShardTables['files'];
/** What an upload gives a new file; the rest are the columns' defaults. */
export type NewFile = Omit<
  FileRecord,
  | 'status'
  | 'statusLabel'
  | 'tags'
  | 'notes'
  | 'processingStartedAt'
  | 'processedAt'
  | 'processingMs'
  | 'updatedAt'
> & {
  /** The signed-in user who uploaded it; absent for API-key uploads. */
  userId?: string;
};

/** Files on the tenant's shard; every query filters by tenant (and by the partition key, derived from the id). */
export class FileRepository {
  constructor(private readonly router: ShardRouter) {}

  /**
   * Inserts the files (all of one shard) and their pending analyses in one statement and returns the stored
   * records (no re-read), while `alsoInTransaction` adds the jobs and counts in the same transaction. The
   * transaction is pipelined: the insert and the statements `alsoInTransaction` starts without waiting for
   * each other go to the server together, then COMMIT (two round trips in all).
   * An insert that finds no month partition creates it and retries once.
   */
  async createMany(
    files: readonly NewFile[],
    alsoInTransaction: (trx: Kysely<ShardTables>, shardId: number) => Promise<void>,
  ): Promise<FileRecord[]> {
    const shardId = this.router.shardIdFor(files[0]!.tenantId);
    const shard = this.router.shard(shardId);
    const insert = () =>
      pipelinedTransaction(shard, async (trx) => {
        const [rows] = await Promise.all([
          trx
            .with('f', (q) =>
              q
                .insertInto('files')
                .values(
                  files.map((file) => ({
                    tenant_id: file.tenantId,
                    id: file.id,
                    created_at: file.createdAt,
                    filename: file.filename,
                    format: file.format,
                    size_bytes: file.sizeBytes,
                    sha256: file.sha256,
                    blob_key: file.blobKey,
                    user_id: file.userId ?? null,
                  })),
                )
                .returningAll(),
            )
            .with('a', (q) =>
              q
                .insertInto('file_analyses')
                .columns(['tenant_id', 'file_id', 'file_created_at'])
                .expression((eb) => eb.selectFrom('f').select(['f.tenant_id', 'f.id', 'f.created_at'])),
            )
            .selectFrom('f')
            .selectAll()
            .execute(),
          alsoInTransaction(trx, shardId),
        ]);
        return rows.map(toRecord);
      });
    try {
      return await insert();
    } catch (error) {
      if (!isMissingPartitionError(error)) throw error;
      for (const month of new Set(files.map((file) => file.createdAt.toISOString().slice(0, 7)))) {
        await ensureMonthPartition(shard.db, new Date(`${month}-01T00:00:00Z`));
      }
      return insert();
    }
  }

  /** The shard holding the tenant's files. */
  shardIdFor(tenantId: string): number {
    return this.router.shardIdFor(tenantId);
  }

  async get(tenantId: string, id: string): Promise<FileRecord | undefined> {
    const createdAt = createdAtOfId(id);
    if (!createdAt) return undefined;
    const row = await this.db(tenantId)
      .selectFrom('files')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('created_at', '=', createdAt)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Loads many files of one tenant in a single query. */
  async getMany(tenantId: string, ids: string[]): Promise<FileRecord[]> {
    const keys = ids.flatMap((id) => {
      const createdAt = createdAtOfId(id);
      return createdAt ? [{ id, createdAt }] : [];
    });
    if (keys.length === 0) return [];
    const rows = await this.db(tenantId)
      .selectFrom('files')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where(
        'id',
        'in',
        keys.map((k) => k.id),
      )
      .where(
        'created_at',
        'in',
        keys.map((k) => k.createdAt),
      )
      .execute();
    return rows.map(toRecord);
  }

  /**
   * Newest first. The first query looks only at the month partitions of the recent window (`RECENT_WINDOW_MS`
   * before the cursor, the `createdTo` bound or now), so the common page plans and scans one or two months
   * instead of every month the shard has; only a page the window cannot fill asks the older months for the rest.
   */
  async list(tenantId: string, query: FileListFilter): Promise<FileRecord[]> {
    const anchor = Math.min(
      Date.now(),
      query.after?.createdAt.getTime() ?? Infinity,
      query.createdTo?.getTime() ?? Infinity,
    );
    const windowStart = new Date(anchor - RECENT_WINDOW_MS);
    if (query.createdFrom && query.createdFrom >= windowStart) return this.#listRange(tenantId, query, {});
    const recent = await this.#listRange(tenantId, query, { from: windowStart });
    if (recent.length >= query.limit) return recent;
    const older = await this.#listRange(
      tenantId,
      { ...query, limit: query.limit - recent.length },
      { before: windowStart },
    );
    return [...recent, ...older];
  }

  /** One list query within `range` (created_at ≥ from, < before) besides the filter's own bounds. */
  async #listRange(tenantId: string, query: FileListFilter, range: { from?: Date; before?: Date }) {
    let select = this.db(tenantId).selectFrom('files').selectAll().where('tenant_id', '=', tenantId);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.name) select = select.where('filename', 'ilike', `%${query.name.replace(/[\\%_]/g, '\\$&')}%`);
    const from = laterOf(query.createdFrom, range.from);
    if (from) select = select.where('created_at', '>=', from);
    if (query.createdTo) select = select.where('created_at', '<', query.createdTo);
    if (range.before) select = select.where('created_at', '<', range.before);
    if (query.after) {
      const { createdAt, id } = query.after;
      // The plain bound lets the planner skip the months after the cursor; the row comparison orders ties.
      select = select
        .where('created_at', '<=', createdAt)
        .where(sql<boolean>`(created_at, id) < (${createdAt}, ${id}::uuid)`);
    }
    const rows = await select
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map(toRecord);
  }

  /**
   * Deletes the file and its analysis, then lets `alsoInTransaction` act on the deleted record in the same
   * transaction; returns the deleted record (for its blob key).
   */
  async delete(
    tenantId: string,
    id: string,
    alsoInTransaction: (trx: Transaction<ShardTables>, deleted: FileRecord) => Promise<void>,
  ): Promise<FileRecord | undefined> {
    const createdAt = createdAtOfId(id);
    if (!createdAt) return undefined;
    return this.db(tenantId)
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .deleteFrom('files')
          .where('tenant_id', '=', tenantId)
          .where('created_at', '=', createdAt)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!row) return undefined;
        await trx
          .deleteFrom('file_analyses')
          .where('tenant_id', '=', tenantId)
          .where('file_id', '=', id)
          .execute();
        await trx
          .deleteFrom('takeoff_adjustments')
          .where('tenant_id', '=', tenantId)
          .where('file_id', '=', id)
          .execute();
        const deleted = toRecord(row);
        await alsoInTransaction(trx, deleted);
        return deleted;
      });
  }

  /** Moves a file to a new status, recording processing timings. */
  async setStatus(
    tenantId: string,
    id: string,
    status: FileStatus,
    timings: { startedAt?: Date; finishedAt?: Date } = {},
  ) {
    const createdAt = createdAtOfId(id);
    if (!createdAt) return;
    await this.db(tenantId)
      .updateTable('files')
      .set({
        status,
        updated_at: new Date(),
        ...(timings.startedAt ? { processing_started_at: timings.startedAt, processed_at: null } : {}),
        ...(timings.finishedAt
          ? {
              processed_at: timings.finishedAt,
              processing_ms: sql<number>`(extract(epoch FROM (${timings.finishedAt}::timestamptz - processing_started_at)) * 1000)::int`,
            }
          : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('created_at', '=', createdAt)
      .where('id', '=', id)
      .execute();
  }

  /** Sets the whitelisted descriptive fields (status label, tags, notes) of a file; returns the updated record. */
  async updateLabels(
    tenantId: string,
    id: string,
    fields: { statusLabel?: string; tags?: string[]; notes?: string },
  ): Promise<FileRecord | undefined> {
    const createdAt = createdAtOfId(id);
    if (!createdAt) return undefined;
    const row = await this.db(tenantId)
      .updateTable('files')
      .set({
        updated_at: new Date(),
        ...(fields.statusLabel !== undefined ? { status_label: fields.statusLabel } : {}),
        ...(fields.tags !== undefined ? { tags: fields.tags } : {}),
        ...(fields.notes !== undefined ? { notes: fields.notes } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('created_at', '=', createdAt)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  private db(tenantId: string): Kysely<ShardTables> {
    return this.router.forTenant(tenantId);
  }
}

function toRecord(r: Selectable<FileRow>): FileRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    createdAt: r.created_at,
    filename: r.filename,
    format: r.format,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    blobKey: r.blob_key,
    status: r.status,
    statusLabel: r.status_label,
    tags: r.tags,
    notes: r.notes,
    processingStartedAt: r.processing_started_at,
    processedAt: r.processed_at,
    processingMs: r.processing_ms,
    updatedAt: r.updated_at,
  };
}
