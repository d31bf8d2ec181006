// web-ifc reads a list attribute (IfcShapeRepresentation.Items, IfcProductDefinitionShape.Representations …)
// by going to its position and taking what is there as a list: a line without that attribute, or with a
// plain value in its place, sends the geometry reader past the line's end and it never returns
// (test/fuzz/crashes/ifc/hang-*). Such a file is refused before web-ifc reads its geometry.
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { StepInstance } from './step-syntax.reader.ts';

/** web-ifc's typed constructors of one schema by type code (its `FromRawLineData[schema]`). */
export type LineConstructors = Record<number, ((args: unknown[]) => unknown) | undefined>;

/** More attributes than any IFC class has. */
const MAX_ATTRIBUTES = 64;
/** A raw enumeration value, as web-ifc hands one to a constructor. */
const PLAIN_VALUE = { type: 3, value: 'X' };
const NO_PLAIN_VALUE = -1;

const positionsByName = new WeakMap<LineConstructors, Map<string, number[]>>();

/** Refuses a file one of whose instances lacks a list attribute or holds a plain value in its place. */
export function checkListAttributes(
  instances: readonly StepInstance[],
  constructors: LineConstructors,
  typeCode: (name: string) => number,
): void {
  const known = positionsByName.get(constructors) ?? new Map<string, number[]>();
  positionsByName.set(constructors, known);
  for (const { id, line, name, kinds } of instances) {
    if (!name) continue;
    const upper = name.toUpperCase();
    let positions = known.get(upper);
    if (!positions) {
      positions = listPositions(constructors[typeCode(upper)]);
      known.set(upper, positions);
    }
    for (const at of positions) {
      const kind = kinds[at];
      if (kind === 'L' || kind === '$') continue;
      throw new DrawingAnalysisError(
        'MALFORMED_DRAWING',
        `the IFC file's #${id} (line ${line}) has ${kind === undefined ? 'no' : 'a plain value for its'} attribute ${at + 1}, which is a list`,
        { details: { line, attribute: at + 1 } },
      );
    }
  }
}

/**
 * The attributes web-ifc reads as lists: its constructor throws when a plain value stands there. Every other
 * attribute is an empty list meanwhile, which each of its readers takes (a select's reader throws on none).
 */
function listPositions(construct: ((args: unknown[]) => unknown) | undefined): number[] {
  if (!construct || !constructs(construct, NO_PLAIN_VALUE)) return [];
  const positions: number[] = [];
  for (let at = 0; at < MAX_ATTRIBUTES; at++) if (!constructs(construct, at)) positions.push(at);
  return positions;
}

function constructs(construct: (args: unknown[]) => unknown, plainAt: number): boolean {
  const args = Array.from({ length: MAX_ATTRIBUTES }, (_, at) => (at === plainAt ? PLAIN_VALUE : []));
  try {
    construct(args);
    return true;
  } catch {
    return false;
  }
}
