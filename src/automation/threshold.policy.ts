/** Which side of the threshold counts as "exceeded". */
export type ThresholdDirection = 'above' | 'below';

/** Everything needed to decide whether a metric observation fires a threshold rule. */
export interface ThresholdObservation {
  /** The metric's value before this observation; `null` when there was none (treated as not exceeding). */
  previous: number | null;
  current: number;
  threshold: number;
  direction: ThresholdDirection;
  /** When this rule last fired for this metric, if ever. */
  lastFiredAt: Date | null;
  cooldownMs: number;
  now: Date;
}

/** The decision and why; `crossed` is the only outcome that fires. */
export type ThresholdDecision =
  | { fire: true; reason: 'crossed' }
  | { fire: false; reason: 'not_exceeded' | 'already_exceeded' | 'cooldown' };

/**
 * Fires when the metric crosses the threshold (previous on the safe side or unknown, current beyond it),
 * not on every observation beyond it; a crossing within the cooldown after the last firing is suppressed.
 * "above" means strictly greater, "below" strictly less.
 */
export function decideThreshold(o: ThresholdObservation): ThresholdDecision {
  const beyond = (v: number): boolean => (o.direction === 'above' ? v > o.threshold : v < o.threshold);
  if (!beyond(o.current)) return { fire: false, reason: 'not_exceeded' };
  if (o.previous !== null && beyond(o.previous)) return { fire: false, reason: 'already_exceeded' };
  if (o.lastFiredAt !== null && o.now.getTime() - o.lastFiredAt.getTime() < o.cooldownMs) {
    return { fire: false, reason: 'cooldown' };
  }
  return { fire: true, reason: 'crossed' };
}
