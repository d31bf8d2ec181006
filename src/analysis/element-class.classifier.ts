// Which element each placed entity belongs to: the outermost object-like block around it, else its layer.
import type { ExpandedDrawing, PlacedEntity } from './block-expander.normalizer.ts';
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
  ) {
    this.instanceClass = expanded.instances.map((i) => {
      const byBlock = this.block(i.block);
      return byBlock.elementClass === 'unclassified' ? this.layer(i.layer) : byBlock;
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

/** A classified layer or block as reported in the result (`entities` is the insert count for blocks). */
export interface ClassifiedName extends Classification {
  kind: 'layer' | 'block';
  name: string;
  cleanName: string;
  entities: number;
}
