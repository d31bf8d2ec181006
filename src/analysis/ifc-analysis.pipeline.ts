// The analysis of an IFC model: read → quantities (the model's, else computed) → takeoff → materials.
import { DEFAULT_LIMITS } from './analysis.limits.ts';
import type { AnalysisResult } from './analysis.result.ts';
import type { AnalyzeOptions, DrawingInput } from './analyze.pipeline.ts';
import type { ClassifiedName } from './element-class.classifier.ts';
import type { Vec2 } from './drawing.model.ts';
import {
  elementClassOf,
  ifcItems,
  ifcMeasurements,
  quantify,
  type QuantifiedElement,
} from './ifc-takeoff.calculator.ts';
import { readIfc } from './ifc.reader.ts';
import { materialsFor } from './materials.calculator.ts';
import type { WallType } from './wall-takeoff.calculator.ts';
import { REVIEW_THRESHOLD } from './review.builder.ts';

/** Analyses an IFC file; quantities are SI, so the unit decision is metres. */
export async function analyzeIfc(input: DrawingInput, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const start = performance.now();
  const model = await readIfc(input.bytes, { ...DEFAULT_LIMITS, ...options.limits });
  options.onProgress?.(0.6);
  const t1 = performance.now();
  const elements = quantify(model);
  const measured = ifcMeasurements(model, elements);
  const items = ifcItems(elements);
  const bounds = extentsOf(elements);
  const walls = elements.filter((e) => elementClassOf(e.ifcClass) === 'wall');
  const wallThicknesses = walls.flatMap((w) =>
    w.quantities.Width ? [Math.round(w.quantities.Width * 1000) / 1000] : [],
  );
  const openings = elements.flatMap((e) => {
    const kind = e.ifcClass === 'IfcDoor' ? 'door' : e.ifcClass === 'IfcWindow' ? 'window' : undefined;
    if (!kind) return [];
    return [
      {
        kind,
        widthM: e.quantities.Width ?? 0,
        heightM: e.quantities.Height ?? 0,
        onWall: e.fills !== undefined,
        layer: e.ifcClass,
        block: e.typeName ?? null,
        handle: e.globalId,
        source: 'block', // a modelled door or window, as certain as a block
        double: false,
        confidence: 1,
      } as const,
    ];
  });
  options.onProgress?.(1);
  const classes: ClassifiedName[] = Object.entries(measured.elements).map(([name, s]) => ({
    kind: 'layer',
    name,
    cleanName: name,
    entities: s.count,
    elementClass: elementClassOf(name),
    confidence: 1,
    rule: 'IFC class',
  }));
  return {
    file: { name: input.filename, format: 'ifc', bytes: input.bytes.length },
    reader: model.reader,
    units: {
      declared: 6,
      insunits: 6,
      name: 'metres',
      metresPerUnit: 1,
      reason: `IFC ${model.schema} project units (${model.units.declared}) converted to SI`,
      confidence: 1,
      votes: [],
      override: null,
      conflict: null,
    },
    extents: {
      drawing: bounds ?? null,
      widthM: bounds ? bounds.max.x - bounds.min.x : 0,
      heightM: bounds ? bounds.max.y - bounds.min.y : 0,
    },
    measurements: { insunits: 6, layers: {}, blocks: {}, ...measured },
    elements: classes,
    takeoff: items,
    walls: {
      count: walls.length,
      paired: walls.length,
      singleLine: 0,
      centreLineLengthM: Math.round(walls.reduce((s, w) => s + (w.quantities.Length ?? 0), 0) * 1e6) / 1e6,
      thicknessesM: [...new Set(wallThicknesses)].sort((a, b) => a - b),
      types: wallTypesOf(walls),
    },
    openings,
    schedule: scheduleOf(openings),
    rooms: [], // the model's spaces are measured as IfcSpace elements
    review: { threshold: REVIEW_THRESHOLD, entries: [] }, // modelled quantities: nothing guessed
    materials: materialsFor(items),
    warnings: [`IFC schema ${model.schema}`, ...model.warnings],
    options: {
      storeyHeight: options.storeyHeight ?? 0,
      layerMappings: options.layerMappings?.length ?? 0,
      units: null, // a model's units are its own
    },
    timings: {
      readMs: ms(t1 - start),
      normalizeMs: 0,
      takeoffMs: ms(performance.now() - t1),
      totalMs: ms(performance.now() - start),
    },
  };
}

/** Door and window counts by kind and width (to the centimetre). */
function scheduleOf(openings: AnalysisResult['openings']): AnalysisResult['schedule'] {
  const rows = new Map<string, AnalysisResult['schedule'][number]>();
  for (const o of openings) {
    const widthM = Math.round(o.widthM * 100) / 100;
    const key = `${o.kind}|${widthM}`;
    const row = rows.get(key) ?? { kind: o.kind, widthM, double: false, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/** Wall types by their modelled width (to the millimetre), thickest first, with their lengths. */
function wallTypesOf(walls: QuantifiedElement[]): WallType[] {
  const byThickness = new Map<number | null, WallType>();
  for (const wall of walls) {
    const width = wall.quantities.Width;
    const thicknessM = width ? Math.round(width * 1000) / 1000 : null;
    const type = byThickness.get(thicknessM) ?? { thicknessM, lengthM: 0, pieces: 0 };
    type.lengthM += wall.quantities.Length ?? 0;
    type.pieces++;
    byThickness.set(thicknessM, type);
  }
  return [...byThickness.values()]
    .map((type) => ({ ...type, lengthM: Math.round(type.lengthM * 1e6) / 1e6 }))
    .sort((a, b) => (b.thicknessM ?? -1) - (a.thicknessM ?? -1));
}

/** Plan extents (x, y) of every element's mesh, openings aside. */
function extentsOf(elements: QuantifiedElement[]): { min: Vec2; max: Vec2 } | undefined {
  let min: Vec2 = { x: Infinity, y: Infinity };
  let max: Vec2 = { x: -Infinity, y: -Infinity };
  for (const e of elements) {
    if (!e.mesh || e.ifcClass === 'IfcOpeningElement') continue;
    const [x0, y0] = e.mesh.min;
    const [x1, y1] = e.mesh.max;
    min = { x: Math.min(min.x, x0), y: Math.min(min.y, y0) };
    max = { x: Math.max(max.x, x1), y: Math.max(max.y, y1) };
  }
  return min.x <= max.x ? { min, max } : undefined;
}

function ms(v: number): number {
  return Math.round(v * 10) / 10;
}
