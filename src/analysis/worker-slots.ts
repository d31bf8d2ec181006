// Who gets the next worker thread. Background analysis jobs and interactive previews wait in separate
// lines and take turns when both wait, so neither can starve the other. Previews wait per group (tenant)
// and the groups are served round-robin: a tenant with many waiting previews gets one turn like any other.
// A group's line is short (past `maxWaiting` the caller is told to come back later), so waiting previews
// cost little memory: the drawing is read only once a slot is granted.
import { PreviewBusyError } from './analysis.errors.ts';

/** The line a run waits in: background jobs (one line) or the previews of one group (one line per group). */
export type SlotLane = { kind: 'job' } | { kind: 'preview'; group: string; maxWaiting: number };

/** Frees a granted slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** Counters of a slot pool (tests, metrics). */
export interface SlotStats {
  capacity: number;
  running: number;
  waitingJobs: number;
  waitingPreviews: number;
  /** Slots granted since start: one per run that got a worker. */
  granted: number;
}

interface Waiter {
  grant(release: ReleaseSlot): void;
}

/** Why `signal` was aborted, as an Error (a bare `abort()` gives a DOMException, which is one). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(`aborted: ${String(reason)}`);
}

/** Seconds a preview refused for a full line is told to wait before trying again. */
export const PREVIEW_RETRY_AFTER_SECONDS = 2;

/** A fixed number of worker slots shared by analysis jobs and previews; see the file comment for the order. */
export class WorkerSlots {
  #running = 0;
  #granted = 0;
  readonly #jobs: Waiter[] = [];
  /** Group → its waiting previews; Map order is the round-robin order (a served group moves to the end). */
  readonly #previews = new Map<string, Waiter[]>();
  #jobsNext = true;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`invalid worker capacity ${capacity}`);
  }

  /** Current counters. */
  stats(): SlotStats {
    let waitingPreviews = 0;
    for (const line of this.#previews.values()) waitingPreviews += line.length;
    return {
      capacity: this.capacity,
      running: this.#running,
      waitingJobs: this.#jobs.length,
      waitingPreviews,
      granted: this.#granted,
    };
  }

  /**
   * Resolves with a slot once one is free and it is this lane's turn. A full preview line throws
   * PreviewBusyError; an abort while waiting leaves the line and rejects with the signal's reason.
   */
  acquire(lane: SlotLane, signal?: AbortSignal): Promise<ReleaseSlot> {
    signal?.throwIfAborted();
    if (this.#running < this.capacity) {
      this.#running++;
      return Promise.resolve(this.#releaser());
    }
    const line = this.#lineOf(lane);
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const onAbort = (): void => {
        this.#leave(lane, waiter);
        reject(abortReason(signal));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      line.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #lineOf(lane: SlotLane): Waiter[] {
    if (lane.kind === 'job') return this.#jobs;
    const line = this.#previews.get(lane.group) ?? [];
    if (line.length >= lane.maxWaiting)
      throw new PreviewBusyError(lane.maxWaiting, PREVIEW_RETRY_AFTER_SECONDS);
    this.#previews.set(lane.group, line);
    return line;
  }

  #leave(lane: SlotLane, waiter: Waiter): void {
    const line = lane.kind === 'job' ? this.#jobs : this.#previews.get(lane.group);
    const index = line?.indexOf(waiter) ?? -1;
    if (line === undefined || index < 0) return;
    line.splice(index, 1);
    if (lane.kind === 'preview' && line.length === 0) this.#previews.delete(lane.group);
  }

  #releaser(): ReleaseSlot {
    this.#granted++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#next();
      // the slot passes straight to the next waiter, so `running` only drops when nobody waits
      if (next) next.grant(this.#releaser());
      else this.#running--;
    };
  }

  /** Jobs and previews alternate while both wait; previews rotate through the groups. */
  #next(): Waiter | undefined {
    const takeJob = this.#jobs.length > 0 && (this.#jobsNext || this.#previews.size === 0);
    if (takeJob) {
      this.#jobsNext = false;
      return this.#jobs.shift();
    }
    const first = this.#previews.entries().next();
    if (first.done) return undefined;
    const [group, line] = first.value;
    this.#previews.delete(group);
    const waiter = line.shift();
    if (line.length > 0) this.#previews.set(group, line);
    this.#jobsNext = true;
    return waiter;
  }
}
