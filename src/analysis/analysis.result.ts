// The analysis result: plain JSON, stored per file and returned by the API and the CLI.
import type { ClassifiedName } from './element-class.classifier.ts';
import type { Vec2 } from './drawing.model.ts';
import type { IfcMeasurements } from './ifc.model.ts';
import type { Measurements } from './measurements.calculator.ts';
import type { PageMeasurement } from './pdf-measurements.calculator.ts';
import type { Materials } from './materials.calculator.ts';
import type { TakeoffLineItem } from './takeoff.types.ts';
import type { UnitDecision } from './units.normalizer.ts';

/** Everything one analysis found. Lengths in `measurements`/`extents.drawing` are drawing units; all else SI. */
export interface AnalysisResult {
  file: { name: string; format: 'dxf' | 'dwg' | 'pdf' | 'ifc'; bytes: number };
  reader: { name: string; version: string };
  units: UnitDecision;
  extents: { drawing: { min: Vec2; max: Vec2 } | null; widthM: number; heightM: number };
  /** PDF: plus `pages` (metres at each sheet's scale); IFC: plus `elements` and `storeys` (SI). */
  measurements: Measurements & { pages?: PageMeasurement[] } & Partial<IfcMeasurements>;
  /** Every layer and block with its element class, confidence and the rule that matched. */
  elements: ClassifiedName[];
  takeoff: TakeoffLineItem[];
  walls: {
    count: number;
    paired: number;
    singleLine: number;
    centreLineLengthM: number;
    thicknessesM: number[];
  };
  openings: Array<{
    kind: 'door' | 'window';
    widthM: number;
    heightM: number;
    onWall: boolean;
    layer: string;
    block: string | null;
    handle: string;
  }>;
  materials: Materials;
  warnings: string[];
  options: { storeyHeight: number; layerMappings: number };
  timings: { readMs: number; normalizeMs: number; takeoffMs: number; totalMs: number };
}
