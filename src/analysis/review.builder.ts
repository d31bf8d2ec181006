// The review list: what a person should check before the takeoff is priced (low-confidence lines,
// a unit the evidence disputes, wall faces without a partner, openings in no wall, rooms with no name).
import type { Opening } from './openings.detector.ts';
import type { Room } from './rooms.detector.ts';
import type { TakeoffLineItem } from './takeoff.types.ts';
import type { UnitDecision } from './units.normalizer.ts';
import type { WallPiece } from './wall.model.ts';

/** Lines whose confidence is below this are listed for review. */
export const REVIEW_THRESHOLD = 0.6;

/** One thing to check, with the line ids or entity handles it is about. */
export interface ReviewEntry {
  kind:
    | 'units'
    | 'low_confidence'
    | 'unpaired_faces'
    | 'opening_without_host'
    | 'single_line_walls'
    | 'loose_opening_lines'
    | 'room_not_closed'
    | 'room_unnamed';
  message: string;
  refs: string[];
}

/** What the review is built from. */
export interface ReviewInput {
  units: UnitDecision;
  items: TakeoffLineItem[];
  walls: WallPiece[];
  unpaired: WallPiece[];
  openings: Opening[];
  looseOpeningLines: { count: number; length: number; handles: string[] };
  unplacedRoomLabels: string[];
  rooms: Room[];
}

/** The review section of a result. */
export function buildReview(input: ReviewInput): { threshold: number; entries: ReviewEntry[] } {
  const entries: ReviewEntry[] = [];
  const { units } = input;
  if (units.conflict) entries.push({ kind: 'units', message: units.conflict, refs: [] });
  else if (units.confidence < REVIEW_THRESHOLD)
    entries.push({
      kind: 'units',
      message: `the unit (${units.name}) rests on weak evidence (confidence ${units.confidence}): ${units.reason}`,
      refs: [],
    });
  for (const line of input.items.filter((i) => i.confidence < REVIEW_THRESHOLD))
    entries.push({
      kind: 'low_confidence',
      message: `${line.description}: confidence ${line.confidence} (${line.method})`,
      refs: [line.id],
    });
  if (input.unpaired.length > 0) {
    const length = input.unpaired.reduce((s, p) => s + p.length, 0);
    entries.push({
      kind: 'unpaired_faces',
      message: `${input.unpaired.length} wall face stretches (${length.toFixed(2)} m) on double-line wall layers have no parallel partner within 0.05–0.6 m and are not counted as walls (mass outlines, leftovers, or walls drawn another way)`,
      refs: [...new Set(input.unpaired.flatMap((p) => p.handles))],
    });
  }
  const singles = input.walls.filter((w) => w.thickness === undefined);
  if (singles.length > 0)
    entries.push({
      kind: 'single_line_walls',
      message: `${singles.length} walls (${singles.reduce((s, w) => s + w.length, 0).toFixed(2)} m) are drawn as single lines: their thickness is assumed`,
      refs: [...new Set(singles.flatMap((w) => w.handles))],
    });
  const homeless = input.openings.filter((o) => o.host === undefined);
  if (homeless.length > 0)
    entries.push({
      kind: 'opening_without_host',
      message: `${homeless.length} openings sit in no wall, so no wall area is deducted for them: ${homeless
        .map((o) => `${o.kind} ${o.width.toFixed(2)} m (${o.block ?? o.layer})`)
        .join(', ')}`,
      refs: homeless.map((o) => o.handle),
    });
  const loose = input.looseOpeningLines;
  if (loose.count > 0)
    entries.push({
      kind: 'loose_opening_lines',
      message: `${loose.count} lines (${loose.length.toFixed(2)} m) on door and window layers are in no door or window found: window bands, sliding or garage doors, or openings drawn another way; the door and window counts may miss them`,
      refs: loose.handles.slice(0, 500),
    });
  if (input.unplacedRoomLabels.length > 0)
    entries.push({
      kind: 'room_not_closed',
      message: `rooms named ${input.unplacedRoomLabels.map((l) => `"${l}"`).join(', ')} are not enclosed by walls (an opening wider than 2.5 m, glazing bands or missing wall lines): their areas are not measured`,
      refs: input.unplacedRoomLabels,
    });
  const unnamed = input.rooms.filter((r) => r.name === null);
  if (unnamed.length > 0)
    entries.push({
      kind: 'room_unnamed',
      message: `${unnamed.length} regions closed by walls carry no room name (${unnamed
        .map((r) => `${r.areaM2.toFixed(2)} m² at ${r.at.x.toFixed(2)}, ${r.at.y.toFixed(2)}`)
        .join('; ')}): a room, a shaft or a planter? Their areas are in the flooring and ceiling lines`,
      refs: unnamed.map((r) => `${r.at.x.toFixed(2)},${r.at.y.toFixed(2)}`),
    });
  return { threshold: REVIEW_THRESHOLD, entries };
}
