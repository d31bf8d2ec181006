// Limits that keep one hostile drawing from exhausting the process.

/** Caps applied while reading and expanding a drawing. */
export interface AnalysisLimits {
  /** Most entities after block expansion (and raw entities in the file). */
  maxEntities: number;
  /** Deepest block nesting. */
  maxDepth: number;
}

/** Defaults: generous for real buildings, small enough to fail fast on bombs. */
export const DEFAULT_LIMITS: AnalysisLimits = { maxEntities: 500_000, maxDepth: 32 };
