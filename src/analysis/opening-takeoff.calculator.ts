// Door and window line items: counts, opening areas, and schedules by size (one line per width).
import { item } from './line-item.factory.ts';
import type { Opening } from './openings.detector.ts';
import type { TakeoffLineItem } from './takeoff.types.ts';

/** One schedule row: openings of one kind, width (to the centimetre) and leaf arrangement. */
export interface ScheduleRow {
  kind: 'door' | 'window';
  widthM: number;
  double: boolean;
  count: number;
}

/** Openings grouped by kind, width and single/double, widest first. */
export function openingSchedule(openings: Opening[]): ScheduleRow[] {
  const rows = new Map<string, ScheduleRow>();
  for (const o of openings) {
    const widthM = Math.round(o.width * 100) / 100;
    const key = `${o.kind}|${widthM}|${o.double}`;
    const row = rows.get(key) ?? { kind: o.kind, widthM, double: o.double, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || b.widthM - a.widthM || Number(a.double) - Number(b.double),
  );
}

/** Count, area and schedule lines for doors and windows. */
export function openingItems(openings: Opening[]): TakeoffLineItem[] {
  const out: TakeoffLineItem[] = [];
  for (const kind of ['door', 'window'] as const) {
    const list = openings.filter((o) => o.kind === kind);
    if (list.length === 0) continue;
    const sources = list.map((o) => ({ layer: o.layer, block: o.block, handle: o.handle }));
    const confidence = avg(list.map((o) => o.confidence));
    const name = kind === 'door' ? 'Door' : 'Window';
    const by = (source: Opening['source']): number => list.filter((o) => o.source === source).length;
    const doubles = list.filter((o) => o.double).length;
    const method =
      kind === 'door'
        ? `${by('block')} door blocks, ${by('swing')} loose swings (75–105° arcs of radius 0.5–1.6 m with a leaf line or on a door layer), ${by('sliding')} sliding doors (panels on a door layer across a wall gap), ${by('garage')} garage doors (one panel across a 2.1–6 m gap); ${doubles} double doors (two swings meeting) count once`
        : `${by('block')} window blocks, ${by('glazing')} wall gaps bridged by two or more glazing lines`;
    out.push(
      item(`${kind}.count`, `${name}s`, kind, list.length, 'ea', sources, confidence, method),
      item(
        `${kind}.area`,
        `${name} opening area`,
        kind,
        list.reduce((s, o) => s + o.width * o.height, 0),
        'm2',
        sources,
        confidence * 0.9,
        `width from the ${kind === 'door' ? 'swing radii (leaf widths), the wall gap of panel doors or the ' : ''}block extent × assumed height ${list[0]?.height ?? 0} m`,
      ),
    );
    for (const row of openingSchedule(list)) {
      const rowList = list.filter(
        (o) => Math.round(o.width * 100) / 100 === row.widthM && o.double === row.double,
      );
      const mm = Math.round(row.widthM * 1000);
      out.push(
        item(
          `${kind}.schedule.${mm}${row.double ? '.double' : ''}`,
          `${name}s ${row.widthM.toFixed(2)} m${row.double ? ' double' : ''}`,
          kind,
          row.count,
          'ea',
          rowList.map((o) => ({ layer: o.layer, block: o.block, handle: o.handle })),
          avg(rowList.map((o) => o.confidence)),
          `schedule by width (to the centimetre)${row.double ? ', two leaves' : ''}`,
        ),
      );
    }
  }
  return out;
}

function avg(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
