// Vector PDF reader: pdfjs-dist (Apache-2.0) → the normalized drawing model, one page beside the next, in metres.
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { AnalysisLimits } from './analysis.limits.ts';
import type { Drawing, DrawingEntity, Vec2 } from './drawing.model.ts';
import { readPageContent, type PaintedPath, type PdfOps } from './pdf-content.reader.ts';
import { parseScaleNote, type SheetScale } from './pdf-scale.reader.ts';

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
    const found = sheetScale(texts, shortSideMm, n, drawing.warnings);
    const scale = scaleOverride ? { text: 'calibrated', ratio: scaleOverride } : found;
    const vector = !(
      content.images > 0 &&
      content.imageArea >= RASTER_COVER * widthPt * Math.abs(y1 - y0) * unit &&
      content.paths.length < RASTER_MAX_PATHS
    );
    if (!vector)
      drawing.warnings.push(`page ${n} is a raster (scanned) image: it has no vector geometry to measure`);
    else if (!scale)
      drawing.warnings.push(
        `page ${n}: no scale note found; measured in paper metres (ratio 1), calibrate from a known distance`,
      );
    const mpp = METRES_PER_POINT * unit * (scale?.ratio ?? 1);
    const origin = { x: x0 * unit, y: y0 * unit };
    const place = (p: Vec2): Vec2 => ({
      x: offsetX + (p.x * unit - origin.x) * mpp,
      y: (p.y * unit - origin.y) * mpp,
    });
    const prefix = `p${n}/`;
    if (vector)
      for (const path of content.paths)
        for (const e of pathEntities(path, prefix, place)) drawing.entities.push(e);
    texts.forEach((t, i) => {
      const [, , , d = 0, e = 0, f = 0] = t.transform ?? [];
      drawing.entities.push({
        kind: 'text',
        type: 'TEXT',
        handle: `${prefix}text${i}`,
        layer: 'TEXT',
        position: place({ x: e, y: f }),
        text: t.str ?? '',
        height: Math.abs(t.height || d) * unit * mpp,
      });
    });
    pages.push({
      page: n,
      vector,
      scale,
      metresPerPoint: mpp,
      handlePrefix: prefix,
      paths: content.paths.length,
    });
    offsetX += widthPt * mpp + PAGE_GAP_M;
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

/** The page's scale note: text items on one baseline are joined, so `SCALE:` and `1/4" = 1'-0"` meet. */
function sheetScale(
  items: TextItemLike[],
  shortSideMm: number,
  page: number,
  warnings: string[],
): SheetScale | null {
  const lines = new Map<number, Array<{ x: number; s: string }>>();
  for (const t of items) {
    const [, , , , e = 0, f = 0] = t.transform ?? [];
    const key = Math.round(f);
    const line = lines.get(key) ?? [];
    line.push({ x: e, s: t.str ?? '' });
    lines.set(key, line);
  }
  const found: SheetScale[] = [];
  for (const [, line] of [...lines].sort((a, b) => b[0] - a[0])) {
    const text = line
      .sort((a, b) => a.x - b.x)
      .map((l) => l.s)
      .join(' ');
    const scale = parseScaleNote(text, shortSideMm);
    if (scale) found.push(scale);
  }
  const distinct = [...new Set(found.map((s) => s.ratio))];
  if (distinct.length > 1)
    warnings.push(
      `page ${page} has ${distinct.length} different scale notes (${found.map((s) => s.text).join(', ')}); measured at the first, ${found[0]?.text}`,
    );
  return found[0] ?? null;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
