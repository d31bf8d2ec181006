// The analysis result: plain JSON, stored per file and returned by the API and the CLI.
import type { ClassifiedName } from './element-class.classifier.ts';
import type { Vec2 } from './drawing.model.ts';
import type { IfcMeasurements } from './ifc.model.ts';
import type { Measurements } from './measurements.calculator.ts';
import type { PageMeasurement } from './pdf-measurements.calculator.ts';
import type { Materials } from './materials.calculator.ts';
import type { ScheduleRow } from './opening-takeoff.calculator.ts';
import type { ReviewEntry } from './review.builder.ts';
import type { Room } from './rooms.detector.ts';
import type { TakeoffLineItem } from './takeoff.types.ts';
import type { UnitDecision } from './units.normalizer.ts';
import type { WallType } from './wall-takeoff.calculator.ts';

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
    /** Wall types by thickness with their centre-line lengths; single-line walls as thickness null. */
    types: WallType[];
  };
  openings: Array<{
    kind: 'door' | 'window';
    widthM: number;
    heightM: number;
    onWall: boolean;
    layer: string;
    block: string | null;
    handle: string;
    source: 'block' | 'swing' | 'glazing' | 'sliding' | 'garage';
    double: boolean;
    confidence: number;
  }>;
  /** Door and window schedule: counts by kind, width and single/double. */
  schedule: ScheduleRow[];
  /** Rooms enclosed by walls, largest first, with area, perimeter, baseboard and the label inside. */
  rooms: Room[];
  /** What a person should check: low-confidence lines and conflicts, each with its reason. */
  review: { threshold: number; entries: ReviewEntry[] };
  materials: Materials;
  warnings: string[];
  options: { storeyHeight: number; layerMappings: number; units: string | null };
  timings: { readMs: number; normalizeMs: number; takeoffMs: number; totalMs: number };
}
