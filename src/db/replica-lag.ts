/** Parses a PostgreSQL WAL position (`16/B374D848`) into a byte offset that compares and subtracts. */
export function parseLsn(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  if (high === undefined || low === undefined) throw new Error(`not an LSN: ${lsn}`);
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** One reading of the primary's WAL position, taken when the probe started. */
interface PrimarySample {
  at: number;
  lsn: bigint;
}

/**
 * How far a replica trails its primary, from paired probes: the primary's `pg_current_wal_lsn()` read
 * first, then the replica's `pg_last_wal_replay_lsn()`. The replica holds every commit made before the
 * newest primary sample it has replayed past, so its staleness is at most the time since that sample
 * started (a few milliseconds when it keeps up; growing while replay is behind or paused).
 */
export class ReplicaLag {
  #samples: PrimarySample[] = [];
  #replayed: bigint | undefined;
  #lagMs = Infinity;
  #lagBytes = 0;

  constructor(private readonly historyMs: number) {}

  /** Records a primary sample taken at `at` and the replica's replay position read after it. */
  record(at: number, primaryLsn: bigint, replayedLsn: bigint, now: number): void {
    this.#samples.push({ at, lsn: primaryLsn });
    // keep the newest sample older than the window: it bounds the lag of a replica far behind
    while (this.#samples.length > 2 && this.#samples[1]!.at < now - this.historyMs) this.#samples.shift();
    this.#replayed = replayedLsn;
    let covered = this.#samples[0]!;
    for (const sample of this.#samples) if (sample.lsn <= replayedLsn) covered = sample;
    this.#lagMs = now - covered.at;
    this.#lagBytes = Math.max(0, Number(primaryLsn - replayedLsn));
  }

  /** Milliseconds of commits the replica may be missing (Infinity before the first probe). */
  get lagMs(): number {
    return this.#lagMs;
  }

  /** WAL bytes the replica had still to replay at the last probe. */
  get lagBytes(): number {
    return this.#lagBytes;
  }

  /** Whether the replica had replayed past `lsn` at the last probe. */
  hasReplayed(lsn: bigint): boolean {
    return this.#replayed !== undefined && this.#replayed >= lsn;
  }
}
