import type { FileRecord, NewFile } from './file.repository.ts';

/** Commits new files of one shard in one transaction and returns their stored records. */
export type CommitFiles = (files: readonly NewFile[]) => Promise<FileRecord[]>;

/** Runs once per committed transaction, before its uploads are answered. */
export type AfterCommit = (records: FileRecord[]) => Promise<void>;

/** A committed upload's record, and the error of its transaction's `afterCommit` if that failed. */
export interface Committed {
  record: FileRecord;
  afterCommitError?: Error;
}

interface Waiting {
  file: NewFile;
  resolve(committed: Committed): void;
  reject(error: unknown): void;
}

/**
 * Group commit for uploads: while a shard's transactions of uploads commit (at most `concurrentCommits`), the uploads
 * that arrive meanwhile wait and then commit together in the next one (at most `maxBatch`). An idle shard commits an
 * upload at once, so nothing waits when there is no queue; under load one commit (and one WAL flush) serves many
 * uploads, and a tenant's quota counters are locked once per batch instead of once per upload.
 *
 * A batch that fails (one upload over a quota, a shard error) is retried upload by upload, in arrival order, so
 * each gets its own answer: exactly what it would have got alone. After a commit, `afterCommit` runs once for the
 * transaction's records (the write-through and events of the whole batch) while the next transaction commits.
 */
export class UploadGroupCommit {
  readonly #waiting = new Map<number, Waiting[]>();
  /** Transactions committing per shard. */
  readonly #committing = new Map<number, number>();

  constructor(
    private readonly commit: CommitFiles,
    private readonly shardOf: (tenantId: string) => number,
    private readonly afterCommit: AfterCommit,
    private readonly maxBatch = 64,
    /**
     * One at a time by default: with two, the second transaction mostly commits uploads one by one while the
     * first holds the group (measured: more statements per upload, which is what a busy database pays for).
     */
    private readonly concurrentCommits = 1,
  ) {}

  /**
   * Resolves with the stored record once the file's transaction committed and its `afterCommit` ran; rejects
   * with the file's own error when it was not committed.
   */
  add(file: NewFile): Promise<Committed> {
    const shardId = this.shardOf(file.tenantId);
    return new Promise<Committed>((resolve, reject) => {
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
        this.#answer(
          batch.map((waiting) => ({ waiting, record: byId.get(waiting.file.id)! })),
          records,
        );
        return;
      }
    }
    for (const waiting of batch) {
      await this.commit([waiting.file]).then(
        (records) => this.#answer([{ waiting, record: records[0]! }], records),
        (error: unknown) => waiting.reject(error),
      );
    }
  }

  /** Answers committed uploads once `afterCommit` is done, without holding the shard's next commit. */
  #answer(answers: Array<{ waiting: Waiting; record: FileRecord }>, records: FileRecord[]): void {
    this.afterCommit(records).then(
      () => answers.forEach(({ waiting, record }) => waiting.resolve({ record })),
      (error: unknown) =>
        answers.forEach(({ waiting, record }) =>
          waiting.resolve({
            record,
            afterCommitError: error instanceof Error ? error : new Error(String(error)),
          }),
        ),
    );
  }
}
