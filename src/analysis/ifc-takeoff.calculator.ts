// IFC model → `measurements.elements` / `storeys` and takeoff line items (walls, slabs, roofs, openings, counts).
import { computedQuantities } from './ifc-quantities.calculator.ts';
import type { IfcClassSummary, IfcMeasurements } from './ifc.model.ts';
import type { IfcElement, IfcModel } from './ifc.reader.ts';
import type { ElementClass } from './layer.classifier.ts';
import { item, type Source } from './line-item.factory.ts';
import type { TakeoffLineItem, WallConstruction } from './takeoff.types.ts';
import { CONSTRUCTION_KEYWORDS } from './wall-takeoff.calculator.ts';

/** An element with the quantities the takeoff uses: the model's where given, else computed. */
export interface QuantifiedElement extends IfcElement {
  quantities: Record<string, number>;
  computedNames: string[];
}

/** The element class each IFC class is priced as. */
const ELEMENT_CLASS: Record<string, ElementClass> = {
  IfcWall: 'wall',
  IfcWallStandardCase: 'wall',
  IfcWallElementedCase: 'wall',
  IfcCurtainWall: 'wall',
  IfcSlab: 'slab',
  IfcSlabStandardCase: 'slab',
  IfcRoof: 'roof',
  IfcDoor: 'door',
  IfcWindow: 'window',
  IfcColumn: 'column',
  IfcBeam: 'beam',
  IfcStair: 'stair',
  IfcStairFlight: 'stair',
  IfcFooting: 'footing',
  IfcCovering: 'finish',
};

/** The IFC class's element class (`unclassified` for railings, plates, members, spaces, openings). */
export function elementClassOf(ifcClass: string, predefinedType?: string): ElementClass {
  if (/^IfcSlab/.test(ifcClass) && predefinedType === 'ROOF') return 'roof';
  return ELEMENT_CLASS[ifcClass] ?? 'unclassified';
}

/** Given quantities win; computed ones fill the names a model does not give. */
export function quantify(model: IfcModel): QuantifiedElement[] {
  const openings = new Map(
    model.elements.filter((e) => e.ifcClass === 'IfcOpeningElement').map((e) => [e.expressId, e]),
  );
  return model.elements.map((e) => {
    const computed = computedQuantities(e, openings);
    const computedNames = Object.keys(computed).filter((name) => !(name in e.given));
    const quantities = { ...e.given };
    for (const name of computedNames) quantities[name] = computed[name] ?? 0;
    return { ...e, quantities, computedNames };
  });
}

/** `measurements.elements` and `measurements.storeys`. */
export function ifcMeasurements(model: IfcModel, elements: QuantifiedElement[]): IfcMeasurements {
  const byClass: Record<string, IfcClassSummary> = {};
  for (const e of elements) {
    const s = (byClass[e.ifcClass] ??= { count: 0, quantities: {}, computed: [], types: {}, materials: {} });
    s.count++;
    for (const [name, value] of Object.entries(e.quantities))
      s.quantities[name] = (s.quantities[name] ?? 0) + value;
    for (const name of e.computedNames) if (!s.computed.includes(name)) s.computed.push(name);
    if (e.typeName) s.types[e.typeName] = (s.types[e.typeName] ?? 0) + 1;
    for (const m of e.materials) s.materials[m] = (s.materials[m] ?? 0) + 1;
  }
  for (const s of Object.values(byClass))
    for (const name of Object.keys(s.quantities)) s.quantities[name] = round(s.quantities[name] ?? 0);
  const storeys = model.storeys.map((st) => {
    const counts: Record<string, number> = {};
    for (const e of elements) if (e.storey === st.name) counts[e.ifcClass] = (counts[e.ifcClass] ?? 0) + 1;
    return { name: st.name, elevation: st.elevation, elements: counts };
  });
  return { elements: byClass, storeys };
}

/** Line items with the ids the material rates know (`wall.<construction>.area_net`, `slab.volume`, …). */
export function ifcItems(elements: QuantifiedElement[]): TakeoffLineItem[] {
  const items: TakeoffLineItem[] = [];
  const of = (cls: ElementClass): QuantifiedElement[] =>
    elements.filter((e) => elementClassOf(e.ifcClass, e.predefinedType) === cls);
  const walls = of('wall');
  for (const construction of ['concrete', 'masonry', 'block', 'drywall'] as const) {
    const group = walls.filter((w) => constructionOf(w) === construction);
    if (group.length === 0) continue;
    const id = `wall.${construction}`;
    const label = `Wall (${construction})`;
    items.push(
      sumItem(group, 'Length', `${id}.length`, `${label} length`, 'wall', 'm'),
      sumItem(group, 'GrossSideArea', `${id}.area_gross`, `${label} side area, gross`, 'wall', 'm2'),
      sumItem(group, 'NetSideArea', `${id}.area_net`, `${label} side area, net of openings`, 'wall', 'm2'),
      sumItem(group, 'NetVolume', `${id}.volume`, `${label} volume`, 'wall', 'm3'),
    );
  }
  const slabs = of('slab');
  items.push(
    sumItem(slabs, ['NetArea', 'GrossArea'], 'slab.area', 'Slab / floor area', 'slab', 'm2'),
    sumItem(slabs, ['NetVolume', 'GrossVolume'], 'slab.volume', 'Slab / floor volume', 'slab', 'm3'),
  );
  // an IfcRoof made of roof slabs is counted by its slabs
  const roofParts = of('roof');
  const roofSlabs = roofParts.filter((r) => r.ifcClass !== 'IfcRoof');
  const roofs = roofSlabs.length > 0 ? roofSlabs : roofParts;
  items.push(sumItem(roofs, ['NetArea', 'GrossArea'], 'roof.area', 'Roof area', 'roof', 'm2'));
  items.push(
    sumItem(of('footing'), ['NetVolume', 'GrossVolume'], 'footing.volume', 'Footing volume', 'footing', 'm3'),
  );
  for (const [cls, label] of [
    ['door', 'Doors'],
    ['window', 'Windows'],
  ] as const) {
    const list = of(cls);
    items.push(countItem(list, `${cls}.count`, label, cls));
    items.push(sumItem(list, 'Area', `${cls}.area`, `${label.slice(0, -1)} opening area`, cls, 'm2'));
  }
  const columns = of('column');
  items.push(countItem(columns, 'column.count', 'Columns', 'column'));
  items.push(
    sumItem(columns, ['NetVolume', 'GrossVolume'], 'column.volume', 'Column volume', 'column', 'm3'),
  );
  const beams = of('beam');
  items.push(sumItem(beams, 'Length', 'beam.length', 'Beam length', 'beam', 'm'));
  items.push(sumItem(beams, ['NetVolume', 'GrossVolume'], 'beam.volume', 'Beam volume', 'beam', 'm3'));
  items.push(
    countItem(
      of('stair').filter((s) => s.ifcClass === 'IfcStair'),
      'stair.count',
      'Stairs',
      'stair',
    ),
  );
  for (const ifcClass of ['IfcRailing', 'IfcMember', 'IfcPlate', 'IfcCurtainWall', 'IfcCovering'])
    items.push(
      countItem(
        elements.filter((e) => e.ifcClass === ifcClass),
        `ifc.${ifcClass}.count`,
        `${ifcClass.slice(3)} elements`,
        elementClassOf(ifcClass),
      ),
    );
  const spaces = elements.filter((e) => e.ifcClass === 'IfcSpace');
  items.push(
    sumItem(
      spaces,
      ['NetFloorArea', 'GrossFloorArea'],
      'space.floor_area',
      'Space floor area',
      'unclassified',
      'm2',
    ),
  );
  return items.filter((i) => i.quantity > 0);
}

function constructionOf(e: QuantifiedElement): WallConstruction {
  const name = [...e.materials, e.typeName ?? '', e.name].join(' ');
  const byName = CONSTRUCTION_KEYWORDS.find(([, re]) => re.test(name));
  if (byName) return byName[0];
  const t = e.quantities.Width ?? 0.2;
  return t >= 0.25 ? 'concrete' : t >= 0.1 ? 'masonry' : 'drywall';
}

/** Sums the first of `names` each element has; the method says how many values were computed. */
function sumItem(
  list: QuantifiedElement[],
  names: string | string[],
  id: string,
  description: string,
  cls: ElementClass,
  unit: TakeoffLineItem['unit'],
): TakeoffLineItem {
  const wanted = Array.isArray(names) ? names : [names];
  let total = 0;
  let computed = 0;
  const sources: Source[] = [];
  for (const e of list) {
    const name = wanted.find((n) => n in e.quantities);
    if (!name) continue;
    total += e.quantities[name] ?? 0;
    if (e.computedNames.includes(name)) computed++;
    sources.push(source(e));
  }
  const given = sources.length - computed;
  const method =
    `Σ ${wanted.join(' (else ')}${wanted.length > 1 ? ')' : ''} of ${sources.length} IFC elements: ` +
    `${given} from the model's quantity sets, ${computed} computed from geometry`;
  return item(id, description, cls, total, unit, sources, computed > given ? 0.8 : 0.95, method);
}

function countItem(
  list: QuantifiedElement[],
  id: string,
  description: string,
  cls: ElementClass,
): TakeoffLineItem {
  return item(
    id,
    description,
    cls,
    list.length,
    'ea',
    list.map(source),
    1,
    'one per IFC element of this class',
  );
}

function source(e: QuantifiedElement): Source {
  return { layer: e.ifcClass, block: e.typeName, handle: e.globalId };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
