// Room line items: rooms, flooring and ceiling areas, baseboard (perimeter less door widths).
import { item } from './line-item.factory.ts';
import type { Room } from './rooms.detector.ts';
import type { TakeoffLineItem } from './takeoff.types.ts';
import type { Source } from './line-item.factory.ts';

/** Rooms feed the finishes: one line each for the count, flooring, ceiling and baseboard. */
export function roomItems(rooms: Room[], sources: Source[]): TakeoffLineItem[] {
  if (rooms.length === 0) return [];
  const area = rooms.reduce((s, r) => s + r.areaM2, 0);
  const baseboard = rooms.reduce((s, r) => s + r.baseboardM, 0);
  const named = rooms.filter((r) => r.name !== null).length;
  const method = `regions enclosed by wall bands with door and window gaps closed; ${named} of ${rooms.length} named by the text inside`;
  return [
    item('room.count', 'Rooms', 'finish', rooms.length, 'ea', sources, 0.75, method),
    item(
      'flooring.area',
      'Flooring area (rooms)',
      'finish',
      area,
      'm2',
      sources,
      0.75,
      `Σ room areas; ${method}`,
    ),
    item(
      'ceiling.area',
      'Ceiling area (rooms)',
      'finish',
      area,
      'm2',
      sources,
      0.7,
      'Σ room areas (flat ceilings assumed)',
    ),
    item(
      'baseboard.length',
      'Baseboard length',
      'finish',
      baseboard,
      'm',
      sources,
      0.7,
      'Σ room perimeters less the widths of the doors in each room’s boundary',
    ),
  ];
}
