// What the viewer derives from a plan's geometry and takeoff: which entities each line came from, and
// which lines use an entity. Lines list entity handles; an entity matches a handle that is its own or
// that of an insert (block placement) it sits in.
import type { PlanGeometry, TakeoffLine } from '../api/types.ts';

/** The plan with its entities' ancestry resolved once. */
export class PlanModel {
  /** Per entity: its own handle and the handles of the inserts that placed it. */
  readonly handlesOf: string[][];

  constructor(readonly geometry: PlanGeometry) {
    const insertChains: string[][] = [];
    const chainOf = (index: number): string[] => {
      if (index < 0) return [];
      let chain = insertChains[index];
      if (!chain) {
        const insert = geometry.inserts[index]!;
        chain = [insert.h, ...chainOf(insert.p)];
        insertChains[index] = chain;
      }
      return chain;
    };
    this.handlesOf = geometry.entities.map((e) => [e.h, ...chainOf(e.n)]);
  }

  /** The entities a line came from, and how many of its listed handles were found on the plan. */
  trace(line: TakeoffLine): { entities: Set<number>; foundHandles: number } {
    const wanted = new Set(line.handles);
    const found = new Set<string>();
    const entities = new Set<number>();
    this.handlesOf.forEach((handles, index) => {
      for (const h of handles) {
        if (wanted.has(h)) {
          entities.add(index);
          found.add(h);
        }
      }
    });
    return { entities, foundHandles: found.size };
  }

  /** The lines that use entity `index`. */
  linesUsing(index: number, lines: readonly TakeoffLine[]): TakeoffLine[] {
    const handles = this.handlesOf[index] ?? [];
    return lines.filter((line) => handles.some((h) => line.handles.includes(h)));
  }
}
