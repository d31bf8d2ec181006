// Vector PDF reader: pdfjs-dist (Apache-2.0) → the normalized drawing model, one page beside the next, in metres.
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisLimits } from './analysis.limits.ts';
import type { Drawing, DrawingEntity, Vec2 } from './drawing.model.ts';
import { containPdfJsRejections } from './pdfjs-rejections.ts';
import { readPageContent, type PaintedPath, type PdfOps } from './pdf-content.reader.ts';
import type { SheetScale } from './pdf-scale.reader.ts';
import { nearestScale, scaleBar, scaleNotes, type PlacedScale } from './pdf-viewport-scale.reader.ts';

const PACKAGE = 'pdfjs-dist';
/** Metres per PDF point (1/72 inch), exactly. */
export const METRES_PER_POINT = 0.0254 / 72;
/** Gap between pages laid side by side (metres), so the takeoff never pairs strokes of different sheets. */
const PAGE_GAP_M = 10;
/** A page is a scan when images cover at least this share of it and it has fewer vector paths than below. */
const RASTER_COVER = 0.5;
const RASTER_MAX_PATHS = 10;

/** What the reader found on one page, before measuring. */
export interface PdfPageInfo {
  page: number;
  vector: boolean;
  scale: SheetScale | null;
  /** Where a sheet has notes of different scales: each viewport's scale and how many paths it measured. */
  viewports?: Array<{ scale: SheetScale; at: Vec2; paths: number }>;
  /** Metres on the ground per PDF point on the page (paper metres when the scale is unknown). */
  metresPerPoint: number;
  /** Prefix of the handles of this page's entities (`p3/`). */
  handlePrefix: string;
  paths: number;
}

/** A read PDF: the drawing (all pages) and per-page facts. */
export interface PdfDrawing {
  drawing: Drawing;
  pages: PdfPageInfo[];
}

interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

interface PdfPageLike {
  view: number[];
  userUnit?: number;
  getOperatorList(opts: { annotationMode: number }): Promise<{ fnArray: number[]; argsArray: unknown[] }>;
  getTextContent(): Promise<{ items: TextItemLike[] }>;
  cleanup(): void;
}

interface PdfDocLike {
  numPages: number;
  getPage(n: number): Promise<PdfPageLike>;
  getOptionalContentConfig(): Promise<Iterable<[string, { name?: string }]> | null>;
  destroy(): Promise<void>;
}

interface PdfJsLike {
  version: string;
  OPS: PdfOps;
  AnnotationMode: { DISABLE: number };
  VerbosityLevel: { ERRORS: number };
  getDocument(src: Record<string, unknown>): { promise: Promise<PdfDocLike>; destroy(): Promise<void> };
}

/** Reads a PDF; `scaleOverride` (real / paper) replaces what the sheets say (calibration). */
export async function readPdf(
  bytes: Uint8Array,
  limits: AnalysisLimits,
  scaleOverride?: number,
): Promise<PdfDrawing> {
  if (scaleOverride !== undefined && !(scaleOverride > 0 && Number.isFinite(scaleOverride)))
    throw new DrawingAnalysisError(
      'ANALYSIS_FAILED',
      'pdfScaleRatio must be a positive number (real / paper)',
    );
  checkEnvelope(bytes);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // a plain copy: pdf.js refuses Buffers and detaches what it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    standardFontDataUrl: decodeURIComponent(
      new URL('../../standard_fonts/', import.meta.resolve(`${PACKAGE}/legacy/build/pdf.mjs`)).pathname,
    ),
  });
  let doc: PdfDocLike;
  try {
    doc = await task.promise;
  } catch (cause) {
    await task.destroy();
    throw new DrawingAnalysisError('MALFORMED_DRAWING', `the PDF file could not be read: ${message(cause)}`, {
      cause,
    });
  }
  try {
    return await readDocument(doc, pdfjs, limits, scaleOverride);
  } catch (cause) {
    if (cause instanceof DrawingAnalysisError) throw cause;
    throw new DrawingAnalysisError('MALFORMED_DRAWING', `the PDF file could not be read: ${message(cause)}`, {
      cause,
    });
  } finally {
    await doc.destroy();
  }
}

/** Cheap checks first, so random bytes and cut-off downloads get a precise reason. */
function checkEnvelope(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new DrawingAnalysisError('TRUNCATED', 'the file is empty');
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (!head.includes('%PDF-'))
    throw new DrawingAnalysisError('MALFORMED_DRAWING', 'not a PDF file (missing %PDF- header)');
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  if (!tail.includes('%%EOF'))
    throw new DrawingAnalysisError('TRUNCATED', 'the PDF file is truncated (no %%EOF marker at its end)');
}

async function loadPdfJs(): Promise<PdfJsLike> {
  containPdfJsRejections();
  return (await import(`${PACKAGE}/legacy/build/pdf.mjs`)) as PdfJsLike;
}

async function readDocument(
  doc: PdfDocLike,
  pdfjs: PdfJsLike,
  limits: AnalysisLimits,
  scaleOverride: number | undefined,
): Promise<PdfDrawing> {
  const ocgNames = new Map<string, string>();
  for (const [id, group] of (await doc.getOptionalContentConfig()) ?? []) ocgNames.set(id, group.name ?? id);
  const drawing: Drawing = {
    format: 'pdf',
    reader: { name: PACKAGE, version: pdfjs.version },
    header: { insunits: 6, measurement: 1, dimlunit: undefined, extMin: undefined, extMax: undefined },
    layers: [...new Set(ocgNames.values())],
    blocks: new Map(),
    entities: [],
    warnings: [],
  };
  const pages: PdfPageInfo[] = [];
  let offsetX = 0;
  let pathCount = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const list = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
    const content = readPageContent(list.fnArray, list.argsArray, pdfjs.OPS, ocgNames, {
      maxPaths: limits.maxEntities - pathCount,
      maxDepth: limits.maxDepth,
    });
    pathCount += content.paths.length;
    const texts = (await page.getTextContent()).items.filter((t) => t.str?.trim() && t.transform);
    page.cleanup();
    const [x0 = 0, y0 = 0, x1 = 612, y1 = 792] = page.view;
    const unit = page.userUnit ?? 1;
    const widthPt = Math.abs(x1 - x0) * unit;
    const shortSideMm = (Math.min(Math.abs(x1 - x0), Math.abs(y1 - y0)) * unit * METRES_PER_POINT) / 1e-3;
    const notes = scaleNotes(texts, shortSideMm);
    const bar = notes.length === 0 ? scaleBar(texts, content.paths, unit) : undefined;
    const scales: PlacedScale[] = scaleOverride
      ? [{ scale: { text: 'calibrated', ratio: scaleOverride }, at: { x: 0, y: 0 } }]
      : bar
        ? [bar]
        : notes;
    const scale = scales[0]?.scale ?? null;
    const vector = !(
      content.images > 0 &&
      content.imageArea >= RASTER_COVER * widthPt * Math.abs(y1 - y0) * unit &&
      content.paths.length < RASTER_MAX_PATHS
    );
    const viewports = new Set(scales.map((s) => s.scale.ratio)).size > 1;
    if (!vector)
      drawing.warnings.push(`page ${n} is a raster (scanned) image: it has no vector geometry to measure`);
    else if (!scale)
      drawing.warnings.push(
        `page ${n}: no scale note found; measured in paper metres (ratio 1), calibrate from a known distance`,
      );
    else if (bar) drawing.warnings.push(`page ${n}: no scale note; measured at its ${bar.scale.text}`);
    else if (viewports)
      drawing.warnings.push(
        `page ${n} has notes of ${new Set(scales.map((s) => s.scale.ratio)).size} different scales (${scales.map((s) => s.scale.text).join(', ')}): each path is measured at the note nearest to it`,
      );
    const mppOf = (ratio: number): number => METRES_PER_POINT * unit * ratio;
    const mpp = mppOf(scale?.ratio ?? 1);
    const origin = { x: x0 * unit, y: y0 * unit };
    // A viewport is scaled about its note, which stays where the page's first scale puts it.
    const placeAt =
      (at: PlacedScale | undefined) =>
      (p: Vec2): Vec2 => {
        const k = at ? mppOf(at.scale.ratio) : mpp;
        const anchor = at && viewports ? { x: at.at.x * unit, y: at.at.y * unit } : origin;
        return {
          x: offsetX + (anchor.x - origin.x) * mpp + (p.x * unit - anchor.x) * k,
          y: (anchor.y - origin.y) * mpp + (p.y * unit - anchor.y) * k,
        };
      };
    const regionOf = (p: Vec2): PlacedScale | undefined => (viewports ? nearestScale(scales, p) : scales[0]);
    // One placing function per viewport, made once (a dense page has hundreds of thousands of paths).
    const placers = new Map(scales.map((s) => [s, placeAt(s)] as const));
    const unscaled = placeAt(undefined);
    const placerOf = (region: PlacedScale | undefined): ((p: Vec2) => Vec2) =>
      (region && placers.get(region)) ?? unscaled;
    const measured = new Map<PlacedScale, number>();
    const prefix = `p${n}/`;
    if (vector)
      for (const path of content.paths) {
        const region = regionOf(centreOf(path));
        if (region) measured.set(region, (measured.get(region) ?? 0) + 1);
        for (const e of pathEntities(path, prefix, placerOf(region))) drawing.entities.push(e);
      }
    texts.forEach((t, i) => {
      const [, , , d = 0, e = 0, f = 0] = t.transform ?? [];
      const region = regionOf({ x: e, y: f });
      drawing.entities.push({
        kind: 'text',
        type: 'TEXT',
        handle: `${prefix}text${i}`,
        layer: 'TEXT',
        position: placerOf(region)({ x: e, y: f }),
        text: t.str ?? '',
        height: Math.abs(t.height || d) * unit * (region ? mppOf(region.scale.ratio) : mpp),
      });
    });
    pages.push({
      page: n,
      vector,
      scale,
      ...(viewports
        ? { viewports: scales.map((s) => ({ scale: s.scale, at: s.at, paths: measured.get(s) ?? 0 })) }
        : {}),
      metresPerPoint: mpp,
      handlePrefix: prefix,
      paths: content.paths.length,
    });
    // Viewports drawn larger than the page's first scale may reach past the page: leave them room.
    const widest = Math.max(mpp, ...scales.map((s) => mppOf(s.scale.ratio)));
    offsetX += widthPt * (viewports ? 2 * widest : mpp) + PAGE_GAP_M;
  }
  return { drawing, pages };
}

/** One entity per subpath: stroked ones as polylines (measured), fill-only ones as solid hatches. */
function pathEntities(p: PaintedPath, prefix: string, place: (p: Vec2) => Vec2): DrawingEntity[] {
  const handle = `${prefix}path${p.index}`;
  if (!p.stroke) {
    return [
      {
        kind: 'hatch',
        type: 'HATCH',
        handle,
        layer: p.layer ?? `fill ${p.fillColor}`,
        pattern: 'SOLID',
        solid: true,
        loops: p.subpaths.map((s) => s.points.map(place)),
        normalZ: 1,
      },
    ];
  }
  const layer = p.layer ?? `stroke ${p.strokeColor} ${round(p.lineWidth, 2)}pt`;
  return p.subpaths.map((s, k) => ({
    kind: 'polyline',
    type: s.points.length === 2 && !s.closed ? 'LINE' : 'LWPOLYLINE',
    handle: p.subpaths.length > 1 ? `${handle}.${k}` : handle,
    layer,
    vertices: s.points.map((q) => ({ ...place(q), bulge: 0 })),
    closed: s.closed,
    is3d: false,
    normalZ: 1,
  }));
}

/** Middle of a path's extent (page points). */
function centreOf(p: PaintedPath): Vec2 {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const s of p.subpaths)
    for (const q of s.points) {
      minX = Math.min(minX, q.x);
      minY = Math.min(minY, q.y);
      maxX = Math.max(maxX, q.x);
      maxY = Math.max(maxY, q.y);
    }
  return { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
