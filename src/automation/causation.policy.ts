/** A chain of rule-caused events deeper than this is cut: the rule whose event is this deep does not fire. */
export const DEPTH_LIMIT = 5;

/** Where an event came from: 0 for platform/tenant events, parent depth + 1 for events caused by a rule's action. */
export interface Causation {
  depth: number;
  /** Ids of the rules whose actions led to this event, oldest first. */
  chain: string[];
  /** The event that started the chain (itself for a root event). */
  root_event_id: string;
  /** The event whose rule action emitted this one; `null` for a root event. */
  parent_event_id: string | null;
}

/** Causation of an event nobody's rule caused (an upload, an analysis, a tenant's `POST /api/events`). */
export function rootCausation(eventId: string): Causation {
  return { depth: 0, chain: [], root_event_id: eventId, parent_event_id: null };
}

/** Causation for an event emitted by `ruleId`'s action while handling the event (`parentEventId`, `parent`). */
export function childCausation(parent: Causation, parentEventId: string, ruleId: string): Causation {
  return {
    depth: parent.depth + 1,
    chain: [...parent.chain, ruleId],
    root_event_id: parent.root_event_id,
    parent_event_id: parentEventId,
  };
}

/** Whether a rule may fire for an event with this causation, and if not why (recorded in the run history). */
export type FireDecision = { allowed: true } | { allowed: false; reason: 'depth_limit' };

/**
 * A rule may fire unless the event is already `limit` rule-actions deep: a rule that re-triggers itself
 * (directly or through others) therefore fires at most `limit` times per root event.
 */
export function mayFire(causation: Causation, limit = DEPTH_LIMIT): FireDecision {
  return causation.depth >= limit ? { allowed: false, reason: 'depth_limit' } : { allowed: true };
}
