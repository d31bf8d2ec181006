import type { FileRecord, NewFile } from './file.repository.ts';

/** Commits new files of one shard in one transaction and returns their stored records. */
export type CommitFiles = (files: readonly NewFile[]) => Promise<FileRecord[]>;

interface Waiting {
  file: NewFile;
  resolve(record: FileRecord): void;
  reject(error: unknown): void;
}

/**
 * Group commit for uploads: while a shard's transactions of uploads commit (at most `concurrentCommits`), the uploads
 * that arrive meanwhile wait and then commit together in the next one (at most `maxBatch`). An idle shard commits an
 * upload at once, so nothing waits when there is no queue; under load one commit (and one WAL flush) serves many
 * uploads, and a tenant's quota counters are locked once per batch instead of once per upload.
 *
 * A batch that fails (one upload over a quota, a shard error) is retried upload by upload, in arrival order, so
 * each gets its own answer: exactly what it would have got alone.
 */
export class UploadGroupCommit {
  readonly #waiting = new Map<number, Waiting[]>();
  /** Transactions committing per shard. */
  readonly #committing = new Map<number, number>();

  constructor(
    private readonly commit: CommitFiles,
    private readonly shardOf: (tenantId: string) => number,
    private readonly maxBatch = 64,
    /** Two at a time: the next group writes its rows while the previous one waits for its WAL flush. */
    private readonly concurrentCommits = 2,
  ) {}

  /** Resolves with the stored record once the file's transaction committed; rejects with its own error. */
  add(file: NewFile): Promise<FileRecord> {
    const shardId = this.shardOf(file.tenantId);
    return new Promise<FileRecord>((resolve, reject) => {
      const queue = this.#waiting.get(shardId) ?? [];
      queue.push({ file, resolve, reject });
      this.#waiting.set(shardId, queue);
      if ((this.#committing.get(shardId) ?? 0) < this.concurrentCommits) void this.#drain(shardId);
    });
  }

  async #drain(shardId: number): Promise<void> {
    this.#committing.set(shardId, (this.#committing.get(shardId) ?? 0) + 1);
    try {
      for (;;) {
        const queue = this.#waiting.get(shardId);
        if (!queue?.length) break;
        await this.#commitBatch(queue.splice(0, this.maxBatch));
      }
    } finally {
      const left = (this.#committing.get(shardId) ?? 1) - 1;
      if (left > 0) this.#committing.set(shardId, left);
      else this.#committing.delete(shardId);
      if (this.#waiting.get(shardId)?.length) void this.#drain(shardId);
      else if (left === 0) this.#waiting.delete(shardId);
    }
  }

  async #commitBatch(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      const records = await this.commit(batch.map((w) => w.file)).catch(() => undefined);
      if (records) {
        const byId = new Map(records.map((record) => [record.id, record]));
        for (const waiting of batch) waiting.resolve(byId.get(waiting.file.id)!);
        return;
      }
    }
    for (const waiting of batch) {
      await this.commit([waiting.file]).then(
        ([record]) => waiting.resolve(record!),
        (error: unknown) => waiting.reject(error),
      );
    }
  }
}
