// The pure analysis pipeline: bytes → reader → expansion → units → measurements → takeoff → materials.
import { DrawingAnalysisError } from './analysis.errors.ts';
import { DEFAULT_LIMITS, type AnalysisLimits } from './analysis.limits.ts';
import type { AnalysisResult } from './analysis.result.ts';
import { expandDrawing, type ExpandedDrawing } from './block-expander.normalizer.ts';
import type { Drawing } from './drawing.model.ts';
import { readDwg } from './dwg.reader.ts';
import { readDxf } from './dxf.reader.ts';
import { measurePages } from './pdf-measurements.calculator.ts';
import { readPdf, type PdfPageInfo } from './pdf.reader.ts';
import { ElementClassifier } from './element-class.classifier.ts';
import type { LayerMapping } from './layer.classifier.ts';
import { materialsFor } from './materials.calculator.ts';
import { openingSchedule } from './opening-takeoff.calculator.ts';
import { buildReview } from './review.builder.ts';
import { analyzeIfc } from './ifc-analysis.pipeline.ts';
import { extentsOf, measure, type Extents } from './measurements.calculator.ts';
import { takeoff } from './takeoff.builder.ts';
import { wallTypes } from './wall-takeoff.calculator.ts';
import { findSwings, type Swing } from './door-swing.detector.ts';
import { collectUnitEvidence } from './unit-evidence.detector.ts';
import { decideUnits, UNIT_OVERRIDES, type UnitDecision, type UnitOverride } from './units.normalizer.ts';

/** Options every analysis accepts (all optional). */
export interface AnalyzeOptions {
  /** Storey height in metres for wall face areas (default 3.0). */
  storeyHeight?: number;
  /** Tenant layer/block mappings; they win over built-in rules. */
  layerMappings?: readonly LayerMapping[];
  /** The drawing unit for this file, overriding the header and the evidence (which are still reported). */
  units?: UnitOverride;
  /** Entity and nesting limits. */
  limits?: Partial<AnalysisLimits>;
  /** PDF calibration: real / paper ratio for every page, replacing the scale notes. */
  pdfScaleRatio?: number;
  /** Called with 0…1 as the stages complete. */
  onProgress?: (fraction: number) => void;
}

/** A drawing file to analyse. */
export interface DrawingInput {
  bytes: Uint8Array;
  filename: string;
}

/** A read and normalized drawing, the common input of the takeoff and the preview. */
export interface PreparedDrawing {
  drawing: Drawing;
  expanded: ExpandedDrawing;
  units: UnitDecision;
  extents: Extents | undefined;
  classifier: ElementClassifier;
  /** Door-swing arcs in drawing units (evidence for the unit, and doors for the takeoff). */
  swings: Swing[];
  /** PDF only: what each page is (vector or scan) and its scale. */
  pages: PdfPageInfo[] | undefined;
  readMs: number;
  normalizeMs: number;
}

/** Default storey height (metres). */
export const DEFAULT_STOREY_HEIGHT = 3;

/** Picks the reader from the extension, then from the content. */
export function detectFormat(input: DrawingInput): 'dxf' | 'dwg' | 'pdf' | 'ifc' {
  const ext = /\.([a-z0-9]+)$/i.exec(input.filename)?.[1]?.toLowerCase();
  if (input.bytes.length === 0) throw new DrawingAnalysisError('TRUNCATED', 'the file is empty');
  const head = new TextDecoder('latin1').decode(input.bytes.subarray(0, 6));
  if (ext === 'pdf' || (ext === undefined && head.startsWith('%PDF-'))) return 'pdf';
  if (ext === 'ifc' || (ext === undefined && head.startsWith('ISO-10'))) return 'ifc';
  if (ext === 'dwg' || (ext !== 'dxf' && /^AC10\d\d$/.test(head))) {
    if (!/^AC1\d{3}$/.test(head))
      throw new DrawingAnalysisError('MALFORMED_DRAWING', 'not a DWG file (missing AC10xx version header)');
    return 'dwg';
  }
  if (ext === 'dxf') return 'dxf';
  const text = new TextDecoder('latin1').decode(input.bytes.subarray(0, 64));
  if (/^\s*(999\s*\r?\n.*\r?\n\s*)?0\s*\r?\n\s*SECTION/.test(text) || text.startsWith('AutoCAD Binary DXF'))
    return 'dxf';
  throw new DrawingAnalysisError(
    'UNSUPPORTED_FORMAT',
    `unsupported file type${ext ? ` .${ext}` : ''}; DXF, DWG, PDF and IFC are supported`,
  );
}

/** Reads and normalizes a drawing. */
export async function prepareDrawing(
  input: DrawingInput,
  options: AnalyzeOptions = {},
): Promise<PreparedDrawing> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const t0 = performance.now();
  const format = detectFormat(input);
  if (format === 'ifc')
    throw new DrawingAnalysisError(
      'UNSUPPORTED_FORMAT',
      'IFC models have no plan preview; analyse them instead',
    );
  const pdf = format === 'pdf' ? await readPdf(input.bytes, limits, options.pdfScaleRatio) : undefined;
  const drawing =
    pdf?.drawing ?? (format === 'dwg' ? await readDwg(input.bytes, limits) : readDxf(input.bytes, limits));
  options.onProgress?.(0.4);
  const t1 = performance.now();
  const expanded = expandDrawing(drawing, limits);
  const extents = extentsOf(expanded);
  const size = extents ? Math.max(extents.max.x - extents.min.x, extents.max.y - extents.min.y) : 0;
  const swings = findSwings(expanded);
  const classifier = new ElementClassifier(expanded, options.layerMappings ?? [], swings);
  const dimensions = drawing.entities.filter((e) => e.kind === 'dimension');
  const evidence = collectUnitEvidence(expanded, drawing.blocks, dimensions, classifier, size, swings);
  const units = decideUnits(drawing.header, evidence, options.units);
  options.onProgress?.(0.6);
  return {
    drawing,
    expanded,
    units,
    extents,
    classifier,
    swings,
    pages: pdf?.pages,
    readMs: t1 - t0,
    normalizeMs: performance.now() - t1,
  };
}

/** Analyses a drawing in the calling thread (tests, and the body of the worker). */
export async function analyzeBytes(
  input: DrawingInput,
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  const start = performance.now();
  const storeyHeight = options.storeyHeight ?? DEFAULT_STOREY_HEIGHT;
  if (!(storeyHeight > 0 && storeyHeight < 100)) {
    throw new DrawingAnalysisError('ANALYSIS_FAILED', 'storeyHeight must be between 0 and 100 metres');
  }
  if (options.units !== undefined && !UNIT_OVERRIDES.includes(options.units)) {
    throw new DrawingAnalysisError(
      'ANALYSIS_FAILED',
      `units must be one of ${UNIT_OVERRIDES.join(', ')} (got ${String(options.units)})`,
    );
  }
  // a model has real storey heights: `storeyHeight` is only recorded in its options
  if (detectFormat(input) === 'ifc') return analyzeIfc(input, { ...options, storeyHeight });
  const p = await prepareDrawing(input, options);
  const t2 = performance.now();
  const mpu = p.units.metresPerUnit;
  const found = takeoff(p.expanded, p.classifier, p.swings, mpu, storeyHeight);
  const materials = materialsFor(found.items);
  options.onProgress?.(1);
  const thicknesses = [
    ...new Set(
      found.walls.flatMap((w) => (w.thickness === undefined ? [] : [Math.round(w.thickness * 1000) / 1000])),
    ),
  ].sort((a, b) => a - b);
  return {
    file: { name: input.filename, format: p.drawing.format, bytes: input.bytes.length },
    reader: p.drawing.reader,
    units: p.units,
    extents: {
      drawing: p.extents ?? null,
      widthM: p.extents ? (p.extents.max.x - p.extents.min.x) * mpu : 0,
      heightM: p.extents ? (p.extents.max.y - p.extents.min.y) * mpu : 0,
    },
    measurements: {
      ...measure(p.expanded, p.drawing.header.insunits, p.drawing.blocks),
      ...(p.pages ? { pages: measurePages(p.expanded, p.pages) } : {}),
    },
    elements: p.classifier.summary(),
    takeoff: found.items,
    walls: {
      count: found.walls.length,
      paired: found.walls.filter((w) => w.thickness !== undefined).length,
      singleLine: found.walls.filter((w) => w.thickness === undefined).length,
      centreLineLengthM: Math.round(found.walls.reduce((s, w) => s + w.length, 0) * 1e6) / 1e6,
      thicknessesM: thicknesses,
      types: wallTypes(found.walls),
    },
    openings: found.openings.map((o) => ({
      kind: o.kind,
      widthM: o.width,
      heightM: o.height,
      onWall: o.host !== undefined,
      layer: o.layer,
      block: o.block ?? null,
      handle: o.handle,
      source: o.source,
      double: o.double,
      confidence: o.confidence,
    })),
    schedule: openingSchedule(found.openings),
    rooms: found.rooms,
    review: buildReview({
      units: p.units,
      items: found.items,
      walls: found.walls,
      unpaired: found.unpaired,
      openings: found.openings,
      looseOpeningLines: found.looseOpeningLines,
      unplacedRoomLabels: found.unplacedRoomLabels,
      rooms: found.rooms,
    }),
    materials,
    warnings: [...p.drawing.warnings, ...(p.units.conflict ? [p.units.conflict] : []), ...found.warnings],
    options: {
      storeyHeight,
      layerMappings: options.layerMappings?.length ?? 0,
      units: options.units ?? null,
    },
    timings: {
      readMs: ms(p.readMs),
      normalizeMs: ms(p.normalizeMs),
      takeoffMs: ms(performance.now() - t2),
      totalMs: ms(performance.now() - start),
    },
  };
}

function ms(v: number): number {
  return Math.round(v * 10) / 10;
}
