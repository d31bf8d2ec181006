/** One key's line: how many of its tasks run, and the turns of those waiting, in order. */
interface Line {
  running: number;
  waiting: Array<() => void>;
}

/**
 * Runs at most `concurrency` tasks of one key (a tenant) at a time; the next wait their turn in order. A
 * waiting task holds no resource but its promise, so a tenant sending many writes that serialise anyway (on a
 * row lock of its own) waits here rather than holding one database connection each, which other tenants
 * share.
 */
export class KeyedLines {
  readonly #lines = new Map<string, Line>();

  constructor(private readonly concurrency: number) {}

  /** Tasks of `key` waiting for their turn (tests, metrics). */
  waiting(key: string): number {
    return this.#lines.get(key)?.waiting.length ?? 0;
  }

  /** Runs `task` once it is `key`'s turn. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let line = this.#lines.get(key);
    if (line === undefined) this.#lines.set(key, (line = { running: 0, waiting: [] }));
    const held = line;
    if (held.running < this.concurrency) held.running++;
    else await new Promise<void>((resolve) => held.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = held.waiting.shift();
      if (next)
        next(); // the turn passes on: `running` stays
      else if (--held.running === 0) this.#lines.delete(key);
    }
  }
}
