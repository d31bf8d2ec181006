import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Nice value of the analysis threads: drawings are read, classified and rendered below the event loop's
 * priority, so when the cores are contended the requests of every tenant are served first and one tenant's
 * stream of previews or analyses only slows itself (it still gets every idle cycle).
 */
export const WORKER_THREAD_NICE = 10;

/**
 * Lowers the calling thread's CPU priority to at least `nice` (Linux, where the nice value belongs to the
 * thread: `setpriority` given a thread id changes that thread only). Returns the thread's nice value
 * afterwards, or undefined where the thread cannot be named (other systems): it then runs as it was.
 */
export function lowerThreadPriority(nice: number): number | undefined {
  // never fatal: a thread that cannot be lowered still analyses, at the priority it has
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return undefined;
    // raising priority back would need privileges: a thread already below `nice` stays where it is
    if (getPriority(tid) < nice) setPriority(tid, nice);
    return getPriority(tid);
  } catch {
    return undefined;
  }
}
