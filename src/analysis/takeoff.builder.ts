// Quantities in SI units: walls (paired faces), openings, slabs, hatches, counts, pipes, structure.
import type { ExpandedDrawing, PlacedEntity } from './block-expander.normalizer.ts';
import type { Swing } from './door-swing.detector.ts';
import type { ElementClassifier } from './element-class.classifier.ts';
import { pathArea, pathLength, polygonArea, segments } from './geometry.math.ts';
import type { ElementClass } from './layer.classifier.ts';
import { openingItems } from './opening-takeoff.calculator.ts';
import { findOpenings, looseOpeningLines, type Opening } from './openings.detector.ts';
import { item, type Source } from './line-item.factory.ts';
import type { TakeoffLineItem, WallConstruction } from './takeoff.types.ts';
import { roomItems } from './room-takeoff.calculator.ts';
import { findRooms, unplacedRoomLabels, type Label, type Room } from './rooms.detector.ts';
import { panelDoors } from './panel-doors.detector.ts';
import { pairWalls } from './wall-pairing.matcher.ts';
import { withoutPassages } from './wall-passages.detector.ts';
import type { FaceSegment, WallPiece } from './wall.model.ts';
import { wallItems, wallTypeItems } from './wall-takeoff.calculator.ts';

/** Depths and sections assumed where a plan shows none (metres). */
export const ASSUMED = { slabThickness: 0.2, footingDepth: 0.5, beamSection: { width: 0.3, depth: 0.5 } };

/** What the takeoff found, in SI units. */
export interface TakeoffResult {
  items: TakeoffLineItem[];
  walls: Array<WallPiece & { construction: WallConstruction }>;
  openings: Opening[];
  /** Face stretches left unpaired on layers whose walls are drawn double: not walls, listed for review. */
  unpaired: WallPiece[];
  rooms: Room[];
  /** Room names written in the plan with no enclosed room around them. */
  unplacedRoomLabels: string[];
  /** Lines on door and window layers in no opening found. */
  looseOpeningLines: { count: number; length: number; handles: string[] };
  warnings: string[];
}

/**
 * Single lines are walls only on wall layers with no paired faces at all (a plan drawn single-line);
 * on a layer drawn double, a face without a partner is a leftover, a mass outline or a pairing miss.
 */
function keepSingleLines(all: WallPiece[]): { pieces: WallPiece[]; unpaired: WallPiece[] } {
  const doubled = new Set(all.filter((p) => p.thickness !== undefined).flatMap((p) => p.layers));
  const single = (p: WallPiece): boolean => p.thickness === undefined && doubled.has(p.layers[0] ?? '');
  return { pieces: all.filter((p) => !single(p)), unpaired: all.filter(single) };
}

/** Computes the takeoff of an expanded drawing whose unit is `mpu` metres. */
export function takeoff(
  expanded: ExpandedDrawing,
  classifier: ElementClassifier,
  swings: readonly Swing[],
  mpu: number,
  storeyHeight: number,
): TakeoffResult {
  const byClass = new Map<ElementClass, PlacedEntity[]>();
  for (const e of expanded.entities) {
    const cls = classifier.entity(e).elementClass;
    const list = byClass.get(cls);
    if (list) list.push(e);
    else byClass.set(cls, [e]);
  }
  const of = (cls: ElementClass): PlacedEntity[] => byClass.get(cls) ?? [];
  const warnings: string[] = [];
  const wallEntities = of('wall').filter(
    (e) => e.instance === undefined || classifier.objectRoot[e.instance] === undefined,
  );
  const { pieces: paired, unpaired } = keepSingleLines(pairWalls(faceSegments(wallEntities, mpu, warnings)));
  const found = findOpenings(expanded, classifier, swings, mpu, paired);
  const panels = panelDoors(expanded, classifier, mpu, paired, found);
  // Garage doors wider than the usual opening bridge their gap; hosts index the pieces with the bridges.
  const pieces = [...paired, ...panels.bridges];
  const all = [...found, ...panels.doors];
  // Doorless passages close rooms but are not wall.
  const { walls: measured, openings } = withoutPassages(pieces, all);
  const walls = wallItems(measured, openings, storeyHeight, unpaired);
  const items: TakeoffLineItem[] = [...walls.items, ...wallTypeItems(measured)];
  items.push(...openingItems(openings));
  let rooms: Room[] = [];
  const labels = labelsOf(expanded, mpu);
  try {
    rooms = findRooms(pieces, all, labels);
  } catch (error) {
    // The polygon union can fail on degenerate real geometry; the rest of the takeoff stands.
    warnings.push(`rooms could not be traced: ${(error as Error).message}`);
  }
  const bounds = pieces.flatMap((w) =>
    w.handles.map((handle) => ({ layer: w.layers[0] ?? '', block: undefined, handle })),
  );
  items.push(...roomItems(rooms, bounds));
  items.push(
    ...countItems(classifier, expanded, 'plumbing_fixture', 'Plumbing fixtures'),
    ...countItems(classifier, expanded, 'electrical_fixture', 'Electrical fixtures and devices'),
    ...countItems(classifier, expanded, 'stair', 'Stairs'),
    ...countItems(classifier, expanded, 'column', 'Columns (block inserts)'),
  );
  items.push(...areaItems(of('slab'), 'slab', 'Slab / floor', mpu, ASSUMED.slabThickness));
  items.push(...areaItems(of('roof'), 'roof', 'Roof', mpu, undefined));
  items.push(...areaItems(of('footing'), 'footing', 'Footing', mpu, ASSUMED.footingDepth));
  items.push(
    ...areaItems(
      of('column').filter((e) => e.instance === undefined),
      'column',
      'Column sections',
      mpu,
      storeyHeight,
    ),
  );
  items.push(...lengthItems(of('pipe'), 'pipe', 'Pipe run', mpu));
  items.push(...lengthItems(of('duct'), 'duct', 'Duct run (drawn lines)', mpu));
  items.push(...lengthItems(of('beam'), 'beam', 'Beam', mpu));
  items.push(...hatchItems(expanded, classifier, mpu));
  return {
    items: items.filter((i) => i.quantity > 0),
    walls: walls.walls,
    openings,
    unpaired,
    looseOpeningLines: looseOpeningLines(expanded, classifier, mpu, openings),
    rooms,
    unplacedRoomLabels: unplacedRoomLabels(labels, rooms),
    warnings,
  };
}

function labelsOf(expanded: ExpandedDrawing, mpu: number): Label[] {
  return expanded.entities.flatMap((e) =>
    e.geometry.kind === 'text'
      ? [
          {
            at: { x: e.geometry.position.x * mpu, y: e.geometry.position.y * mpu },
            text: e.geometry.text.replace(/\\P/g, ' ').replace(/\\[A-Za-z][^;]*;|[{}]/g, ''),
            height: e.geometry.height * mpu,
          },
        ]
      : [],
  );
}

function faceSegments(entities: PlacedEntity[], mpu: number, warnings: string[]): FaceSegment[] {
  const out: FaceSegment[] = [];
  let curved = 0;
  for (const e of entities) {
    if (e.geometry.kind !== 'path' || e.is3d || !['LINE', 'LWPOLYLINE', 'POLYLINE', 'MLINE'].includes(e.type))
      continue;
    for (const [p, q] of segments(e.geometry.vertices, e.geometry.closed)) {
      if (p.bulge !== 0) curved++;
      else
        out.push({
          a: { x: p.x * mpu, y: p.y * mpu },
          b: { x: q.x * mpu, y: q.y * mpu },
          layer: e.layer,
          handle: e.handle,
        });
    }
  }
  if (curved > 0) warnings.push(`${curved} curved wall segments are not measured as walls`);
  // Walls drawn only as filled polygons: a hatch's boundary edges are the faces, on layers with no lines.
  const drawn = new Set(out.map((f) => f.layer));
  for (const e of entities) {
    if (e.geometry.kind !== 'hatch' || drawn.has(e.layer)) continue;
    for (const loop of e.geometry.loops)
      loop.forEach((p, i) => {
        const q = loop[(i + 1) % loop.length];
        if (q && (p.x !== q.x || p.y !== q.y))
          out.push({
            a: { x: p.x * mpu, y: p.y * mpu },
            b: { x: q.x * mpu, y: q.y * mpu },
            layer: e.layer,
            handle: e.handle,
          });
      });
  }
  return out;
}

function countItems(
  classifier: ElementClassifier,
  expanded: ExpandedDrawing,
  cls: ElementClass,
  description: string,
): TakeoffLineItem[] {
  const roots = expanded.instances.filter(
    (i) => classifier.objectRoot[i.id] === i.id && classifier.instanceClass[i.id]?.elementClass === cls,
  );
  if (roots.length === 0) return [];
  const conf = avg(roots.map((r) => classifier.instanceClass[r.id]?.confidence ?? 0));
  return [
    item(
      `${cls}.count`,
      description,
      cls,
      roots.length,
      'ea',
      roots.map((r) => ({ layer: r.layer, block: r.block, handle: r.handle })),
      conf,
      'one per block insert (nested inserts inside it count once)',
    ),
  ];
}

function areaItems(
  entities: PlacedEntity[],
  cls: ElementClass,
  label: string,
  mpu: number,
  depth: number | undefined,
): TakeoffLineItem[] {
  const closed = entities.filter((e) => e.geometry.kind === 'path' && e.geometry.closed && !e.is3d);
  if (closed.length === 0) return [];
  const area =
    sum(closed.map((e) => (e.geometry.kind === 'path' ? pathArea(e.geometry.vertices) : 0))) * mpu * mpu;
  const perimeter =
    sum(closed.map((e) => (e.geometry.kind === 'path' ? pathLength(e.geometry.vertices, true) : 0))) * mpu;
  const sources = closed.map(source);
  const method = 'closed polylines and circles on the layers of this class';
  const out = [
    item(`${cls}.area`, `${label} area`, cls, area, 'm2', sources, 0.8, method),
    item(`${cls}.perimeter`, `${label} perimeter`, cls, perimeter, 'm', sources, 0.8, method),
  ];
  if (depth !== undefined)
    out.push(
      item(
        `${cls}.volume`,
        `${label} volume`,
        cls,
        area * depth,
        'm3',
        sources,
        0.5,
        `${method}; area × assumed depth ${depth} m`,
      ),
    );
  return out;
}

function lengthItems(
  entities: PlacedEntity[],
  cls: ElementClass,
  label: string,
  mpu: number,
): TakeoffLineItem[] {
  const paths = entities.filter(
    (e) => e.geometry.kind === 'path' && !['DIMENSION', 'TEXT', 'MTEXT'].includes(e.type),
  );
  const length =
    sum(
      paths.map((e) => (e.geometry.kind === 'path' ? pathLength(e.geometry.vertices, e.geometry.closed) : 0)),
    ) * mpu;
  return length > 0
    ? [
        item(
          `${cls}.length`,
          `${label} length`,
          cls,
          length,
          'm',
          paths.map(source),
          0.7,
          'sum of line, arc and polyline lengths on the layers of this class',
        ),
      ]
    : [];
}

function hatchItems(
  expanded: ExpandedDrawing,
  classifier: ElementClassifier,
  mpu: number,
): TakeoffLineItem[] {
  const groups = new Map<string, { area: number; sources: Source[]; cls: ElementClass }>();
  for (const e of expanded.entities) {
    if (e.geometry.kind !== 'hatch') continue;
    const cls = classifier.entity(e).elementClass;
    // A wall hatch is the wall's poche: its walls are measured, its area is not a quantity of its own.
    if (cls === 'wall') continue;
    const floor = cls === 'slab' || cls === 'finish';
    const key = `${floor ? 'finish' : 'hatch'}|${e.geometry.pattern}`;
    const g = groups.get(key) ?? { area: 0, sources: [], cls: floor ? 'finish' : cls };
    g.area += hatchArea(e.geometry.loops) * mpu * mpu;
    g.sources.push(source(e));
    groups.set(key, g);
  }
  return [...groups].map(([key, g]) => {
    const [kind, pattern] = key.split('|');
    const id = kind === 'finish' ? `finish.area.${pattern}` : `hatch.area.${pattern}`;
    const description =
      kind === 'finish' ? `Floor finish area (hatch ${pattern})` : `Hatch area (${pattern})`;
    return item(
      id,
      description,
      g.cls,
      g.area,
      'm2',
      g.sources,
      kind === 'finish' ? 0.8 : 0.5,
      'hatch boundary loops; a loop inside an odd number of others is a hole',
    );
  });
}

/** Area of a hatch: loops nested an odd number of times are holes. */
export function hatchArea(loops: Array<Array<{ x: number; y: number }>>): number {
  return sum(
    loops.map((loop, i) => {
      const first = loop[0];
      const depth = first ? loops.filter((other, j) => j !== i && contains(other, first)).length : 0;
      return (depth % 2 === 0 ? 1 : -1) * polygonArea(loop);
    }),
  );
}

function contains(poly: Array<{ x: number; y: number }>, p: { x: number; y: number }): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i];
    const b = poly[j];
    if (a && b && a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x)
      inside = !inside;
  }
  return inside;
}

function source(e: PlacedEntity): Source {
  return { layer: e.layer, block: undefined, handle: e.handle };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function avg(values: number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}
