/** How gently a move reads the source: its other tenants must not notice the copy. */
export interface MovePace {
  /** Rows per page copied, and per key range verified. */
  pageRows: number;
  /** After each page, rest this many times as long as the page took (1: the move works at most half the time). */
  restFactor: number;
  /** And rest at least this long (ms) after each page. */
  minRestMs: number;
}

/**
 * The default pace: small pages, resting three times as long as each page took. Measured on a quiet 2-core
 * machine (`bench/tenant-move.bench.ts`), a neighbour's p95 grew ×1.40–1.79 at rest factor 1 and ×1.13–1.39 at
 * 3, for a move of 12–14 s instead of 7–9 s.
 */
export const DEFAULT_MOVE_PACE: MovePace = { pageRows: 500, restFactor: 3, minRestMs: 2 };

/** Runs `page` and then rests as `pace` says; returns what `page` returned. */
export async function paced<T>(pace: MovePace, page: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await page();
  const restMs = Math.max(pace.minRestMs, (performance.now() - started) * pace.restFactor);
  if (restMs > 0) await new Promise((resolve) => setTimeout(resolve, restMs));
  return value;
}
