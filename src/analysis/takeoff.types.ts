// Takeoff line items and wall construction kinds, shared by quantities and materials.
import type { ElementClass } from './layer.classifier.ts';

/** Units a quantity is reported in (SI after unit conversion). */
export type QuantityUnit = 'm' | 'm2' | 'm3' | 'ea';

/** What a wall is made of, from its layer name or else its thickness. */
export type WallConstruction = 'concrete' | 'masonry' | 'block' | 'drywall';

/** One quantity with everything needed to trace it back to the drawing. */
export interface TakeoffLineItem {
  /** Stable key, e.g. `wall.masonry.area_net`; materials are looked up by it. */
  id: string;
  description: string;
  elementClass: ElementClass;
  quantity: number;
  unit: QuantityUnit;
  layers: string[];
  blocks: string[];
  /** Source entity handles (at most 500 are listed; `handleCount` has the total). */
  handles: string[];
  handleCount: number;
  confidence: number;
  /** How the quantity was obtained, including the assumptions it rests on. */
  method: string;
}
