// Builds traceable takeoff line items.
import type { ElementClass } from './layer.classifier.ts';
import type { QuantityUnit, TakeoffLineItem } from './takeoff.types.ts';

const MAX_HANDLES = 500;

/** Where a quantity came from. */
export interface Source {
  layer: string;
  block: string | undefined;
  handle: string;
}

/** Builds a line item from its sources. */
export function item(
  id: string,
  description: string,
  elementClass: ElementClass,
  quantity: number,
  unit: QuantityUnit,
  sources: Source[],
  confidence: number,
  method: string,
): TakeoffLineItem {
  const handles = [...new Set(sources.map((s) => s.handle).filter(Boolean))];
  return {
    id,
    description,
    elementClass,
    quantity: round(quantity),
    unit,
    layers: [...new Set(sources.map((s) => s.layer))],
    blocks: [...new Set(sources.flatMap((s) => (s.block ? [s.block] : [])))],
    handles: handles.slice(0, MAX_HANDLES),
    handleCount: handles.length,
    confidence: round(Math.min(1, Math.max(0, confidence)), 2),
    method,
  };
}

function round(v: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
