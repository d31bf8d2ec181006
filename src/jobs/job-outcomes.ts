// Completions and failures written in batches: while one write is in flight, the next outcomes gather and go
// in the following statement (group commit), so a fast queue costs one UPDATE per batch, not per job.

/** Where outcomes are written (pg-boss's complete/fail, which take many ids per call). */
export interface OutcomeSink {
  complete(ids: string[]): Promise<void>;
  /** Fails `ids` with one message (retried with backoff, or dead-lettered on the last attempt). */
  fail(ids: string[], message: string): Promise<void>;
}

/** Collects job outcomes and writes them in batches, one write at a time. */
export class JobOutcomes {
  #completed: string[] = [];
  /** Message → ids failed with it (failures of one cause share one statement). */
  #failed = new Map<string, string[]>();
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly sink: OutcomeSink,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Records a finished job; written with the next batch. */
  complete(id: string): void {
    this.#completed.push(id);
    this.#schedule();
  }

  /** Records a failed job; written with the next batch. */
  fail(id: string, message: string): void {
    const ids = this.#failed.get(message) ?? [];
    ids.push(id);
    this.#failed.set(message, ids);
    this.#schedule();
  }

  /** Resolves once every outcome recorded so far is written. */
  async drain(): Promise<void> {
    while (this.#flushing || this.#pending()) await (this.#flushing ?? this.#flush());
  }

  #pending(): boolean {
    return this.#completed.length > 0 || this.#failed.size > 0;
  }

  #schedule(): void {
    if (this.#flushing) return; // the running flush takes these next
    // one macrotask of gathering: outcomes of the same tick and its I/O callbacks share the first write
    this.#flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#flush());
  }

  async #flush(): Promise<void> {
    while (this.#pending()) {
      const completed = this.#completed;
      const failed = this.#failed;
      this.#completed = [];
      this.#failed = new Map();
      const writes: Array<Promise<void>> = [];
      if (completed.length > 0) writes.push(this.sink.complete(completed));
      for (const [message, ids] of failed) writes.push(this.sink.fail(ids, message));
      // a lost write leaves its jobs active: they expire and run again, as after a crash
      for (const result of await Promise.allSettled(writes))
        if (result.status === 'rejected') this.onError(result.reason);
    }
    this.#flushing = undefined;
  }
}
