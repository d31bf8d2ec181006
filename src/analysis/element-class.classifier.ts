// Which element each placed entity belongs to: the outermost object-like block around it, else its layer.
import type { ExpandedDrawing, PlacedEntity } from './block-expander.normalizer.ts';
import type { Swing } from './door-swing.detector.ts';
import {
  classifyName,
  cleanLayerName,
  type Classification,
  type ElementClass,
  type LayerMapping,
} from './layer.classifier.ts';

/** Classes that are whole objects placed as blocks (their pieces are not measured by layer). */
const OBJECT_CLASSES: ReadonlySet<ElementClass> = new Set([
  'door',
  'window',
  'plumbing_fixture',
  'electrical_fixture',
  'furniture',
  'stair',
  'column',
]);

/** Classification results for one drawing, memoised per name. */
export class ElementClassifier {
  private readonly layerCache = new Map<string, Classification>();
  private readonly blockCache = new Map<string, Classification>();
  /** For each insert instance: the outermost object-like instance containing it (itself included). */
  readonly objectRoot: Array<number | undefined>;
  /** Classification of each insert instance (block name first, then the insert's layer). */
  readonly instanceClass: Classification[];

  constructor(
    private readonly expanded: ExpandedDrawing,
    private readonly mappings: readonly LayerMapping[],
    swings: readonly Swing[] = [],
  ) {
    const doorShaped = doorShapedInstances(expanded, swings);
    this.instanceClass = expanded.instances.map((i) => {
      const byBlock = this.block(i.block);
      if (byBlock.elementClass !== 'unclassified') return byBlock;
      const byLayer = this.layer(i.layer);
      if (byLayer.elementClass !== 'unclassified' || !doorShaped.has(i.id)) return byLayer;
      return { elementClass: 'door', confidence: 0.7, rule: 'block geometry: a door swing with its leaf' };
    });
    // A block whose own name says nothing but whose layer does (a "bathroom" group on P-FIXT) is a
    // group when it holds objects itself; then the objects inside count, not the group.
    const candidate = this.instanceClass.map((c) => OBJECT_CLASSES.has(c.elementClass));
    const holdsObjects: boolean[] = expanded.instances.map(() => false);
    for (let k = expanded.instances.length - 1; k >= 0; k--) {
      const parent = expanded.instances[k]?.parent;
      if (parent !== undefined && (candidate[k] || holdsObjects[k])) holdsObjects[parent] = true;
    }
    this.objectRoot = [];
    for (const i of expanded.instances) {
      const namedObject = OBJECT_CLASSES.has(this.block(i.block).elementClass);
      const isObject = candidate[i.id] === true && (namedObject || !holdsObjects[i.id]);
      const inherited = i.parent === undefined ? undefined : this.objectRoot[i.parent];
      this.objectRoot[i.id] = inherited ?? (isObject ? i.id : undefined);
    }
  }

  /** Classification of a raw layer name. */
  layer(raw: string): Classification {
    let c = this.layerCache.get(raw);
    if (!c) {
      c = classifyName(raw, 'layer', this.mappings);
      this.layerCache.set(raw, c);
    }
    return c;
  }

  /** Classification of a block name. */
  block(name: string): Classification {
    let c = this.blockCache.get(name);
    if (!c) {
      c = classifyName(name, 'block', this.mappings);
      this.blockCache.set(name, c);
    }
    return c;
  }

  /** The class an entity counts under. */
  entity(e: PlacedEntity): Classification {
    const root = e.instance === undefined ? undefined : this.objectRoot[e.instance];
    const byObject = root === undefined ? undefined : this.instanceClass[root];
    return byObject ?? this.layer(e.layer);
  }

  /** Every layer and block with its classification, for the result's `elements`. */
  summary(): ClassifiedName[] {
    const counts = new Map<string, number>();
    for (const e of this.expanded.entities) counts.set(e.layer, (counts.get(e.layer) ?? 0) + 1);
    const layers = [...counts].map(([name, entities]) => ({
      kind: 'layer' as const,
      name,
      cleanName: cleanLayerName(name),
      entities,
      ...this.layer(name),
    }));
    const inserts = new Map<string, number>();
    for (const i of this.expanded.instances) inserts.set(i.block, (inserts.get(i.block) ?? 0) + 1);
    const blocks = [...inserts].map(([name, n]) => ({
      kind: 'block' as const,
      name,
      cleanName: name,
      entities: n,
      ...this.block(name),
    }));
    return [...layers, ...blocks];
  }
}

/**
 * Inserts whose own geometry is a door: they hold a swing arc with its leaf line and are no larger than
 * 2.5 swing radii (a whole plan placed as one block is not a door).
 */
function doorShapedInstances(expanded: ExpandedDrawing, swings: readonly Swing[]): Set<number> {
  const radius = new Map<number, number>();
  for (const s of swings)
    if (s.leaf && s.instance !== undefined)
      radius.set(s.instance, Math.max(radius.get(s.instance) ?? 0, s.radius));
  const out = new Set<number>();
  if (radius.size === 0) return out;
  const box = new Map<number, { x0: number; y0: number; x1: number; y1: number }>();
  for (const e of expanded.entities) {
    if (e.instance === undefined || !radius.has(e.instance) || e.geometry.kind !== 'path') continue;
    const b = box.get(e.instance) ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    for (const v of e.geometry.vertices) {
      b.x0 = Math.min(b.x0, v.x);
      b.y0 = Math.min(b.y0, v.y);
      b.x1 = Math.max(b.x1, v.x);
      b.y1 = Math.max(b.y1, v.y);
    }
    box.set(e.instance, b);
  }
  for (const [instance, r] of radius) {
    const b = box.get(instance);
    if (b && Math.max(b.x1 - b.x0, b.y1 - b.y0) <= 2.5 * r) out.add(instance);
  }
  return out;
}

/** A classified layer or block as reported in the result (`entities` is the insert count for blocks). */
export interface ClassifiedName extends Classification {
  kind: 'layer' | 'block';
  name: string;
  cleanName: string;
  entities: number;
}
