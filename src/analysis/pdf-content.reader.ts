// A PDF page's operator list (as pdf.js builds it) → painted paths in page space, with the full CTM applied.
import { DrawingAnalysisError } from './analysis.errors.ts';
import type { Vec2 } from './drawing.model.ts';
import { apply, compose, IDENTITY, type Affine } from './geometry.math.ts';

/** The pdf.js operator codes this walker understands (values of pdf.js `OPS`). */
export interface PdfOps {
  save: number;
  restore: number;
  transform: number;
  setLineWidth: number;
  setGState: number;
  setStrokeRGBColor: number;
  setFillRGBColor: number;
  constructPath: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginGroup: number;
  endGroup: number;
  beginAnnotation: number;
  endAnnotation: number;
  beginMarkedContent: number;
  beginMarkedContentProps: number;
  endMarkedContent: number;
  paintImageXObject: number;
  paintInlineImageXObject: number;
  paintImageXObjectRepeat: number;
  paintImageMaskXObject: number;
}

/** One subpath in page space (PDF points); `closed` when it ends with a close-path. */
export interface SubPath {
  points: Vec2[];
  closed: boolean;
  curved: boolean;
}

/** One painted path: what the page shows, in page space (PDF points, y up). */
export interface PaintedPath {
  /** Index of the painting operator among the page's painted paths (sources refer to it). */
  index: number;
  stroke: boolean;
  fill: boolean;
  /** Stroke width on paper (points). */
  lineWidth: number;
  strokeColor: string;
  fillColor: string;
  /** Innermost optional-content group name, if the path is inside one. */
  layer: string | undefined;
  subpaths: SubPath[];
}

/** Everything drawn on one page. */
export interface PageContent {
  paths: PaintedPath[];
  /** Paper area covered by images (points²; overlaps counted twice). */
  imageArea: number;
  images: number;
}

/** Caps that keep a hostile page from exhausting the worker. */
export interface ContentLimits {
  maxPaths: number;
  maxDepth: number;
}

interface GraphicsState {
  ctm: Affine;
  lineWidth: number;
  strokeColor: string;
  fillColor: string;
}

const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 };
/** Segments per Bézier curve: chord error below 1e-5 of the length for curves up to a quarter circle. */
const CURVE_STEPS = 64;

/** Walks the operator list of one page; `ocgNames` maps optional-content ids to their names. */
export function readPageContent(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  ops: PdfOps,
  ocgNames: ReadonlyMap<string, string>,
  limits: ContentLimits,
): PageContent {
  const paint = paintKinds(ops);
  const stack: GraphicsState[] = [];
  let gs: GraphicsState = { ctm: IDENTITY, lineWidth: 1, strokeColor: '#000000', fillColor: '#000000' };
  const marked: Array<string | undefined> = [];
  const out: PageContent = { paths: [], imageArea: 0, images: 0 };
  let formDepth = 0;
  const push = (): void => void stack.push({ ...gs });
  const pop = (): void => {
    gs = stack.pop() ?? gs;
  };
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = (argsArray[i] ?? []) as unknown[];
    if (fn === ops.save) push();
    else if (fn === ops.restore) pop();
    else if (fn === ops.transform) gs.ctm = compose(gs.ctm, affine(args));
    else if (fn === ops.setLineWidth) gs.lineWidth = Number(args[0]) || 0;
    else if (fn === ops.setStrokeRGBColor) gs.strokeColor = String(args[0]);
    else if (fn === ops.setFillRGBColor) gs.fillColor = String(args[0]);
    else if (fn === ops.setGState) applyGState(gs, args[0]);
    else if (fn === ops.paintFormXObjectBegin || fn === ops.beginGroup) {
      formDepth++;
      if (formDepth > limits.maxDepth)
        throw new DrawingAnalysisError(
          'BLOCK_RECURSION',
          `PDF forms are nested deeper than ${limits.maxDepth} levels`,
          { details: { depth: formDepth } },
        );
      push();
      const matrix = fn === ops.beginGroup ? (args[0] as { matrix?: unknown } | undefined)?.matrix : args[0];
      if (matrix) gs.ctm = compose(gs.ctm, affine(matrix as ArrayLike<number>));
    } else if (fn === ops.paintFormXObjectEnd || fn === ops.endGroup) {
      formDepth--;
      pop();
    } else if (fn === ops.beginAnnotation) {
      push();
      gs.ctm = compose(
        compose(gs.ctm, affine(args[2] as ArrayLike<number>)),
        affine(args[3] as ArrayLike<number>),
      );
    } else if (fn === ops.endAnnotation) pop();
    else if (fn === ops.beginMarkedContentProps)
      marked.push(args[0] === 'OC' ? ocgName(args[1], ocgNames) : undefined);
    else if (fn === ops.beginMarkedContent) marked.push(undefined);
    else if (fn === ops.endMarkedContent) marked.pop();
    else if (fn !== undefined && isImage(fn, ops)) {
      out.images++;
      out.imageArea += Math.abs(gs.ctm.a * gs.ctm.d - gs.ctm.b * gs.ctm.c);
    } else if (fn === ops.constructPath) {
      const kind = paint.get(Number(args[0]));
      const data = (args[1] as unknown[] | undefined)?.[0] as ArrayLike<number> | null | undefined;
      if (!kind || !data || data.length === 0) continue;
      if (out.paths.length >= limits.maxPaths)
        throw new DrawingAnalysisError(
          'TOO_MANY_ENTITIES',
          `the PDF has more than ${limits.maxPaths} painted paths`,
          { details: { limit: limits.maxPaths } },
        );
      out.paths.push({
        index: out.paths.length,
        stroke: kind.stroke,
        fill: kind.fill,
        lineWidth: gs.lineWidth * Math.sqrt(Math.abs(gs.ctm.a * gs.ctm.d - gs.ctm.b * gs.ctm.c)),
        strokeColor: gs.strokeColor,
        fillColor: gs.fillColor,
        layer: innermost(marked),
        subpaths: subpaths(data, gs.ctm),
      });
    }
  }
  return out;
}

function paintKinds(ops: PdfOps): Map<number, { stroke: boolean; fill: boolean }> {
  const s = { stroke: true, fill: false };
  const f = { stroke: false, fill: true };
  const sf = { stroke: true, fill: true };
  return new Map([
    [ops.stroke, s],
    [ops.closeStroke, s],
    [ops.fill, f],
    [ops.eoFill, f],
    [ops.fillStroke, sf],
    [ops.eoFillStroke, sf],
    [ops.closeFillStroke, sf],
    [ops.closeEOFillStroke, sf],
  ]);
}

function isImage(fn: number, ops: PdfOps): boolean {
  return (
    fn === ops.paintImageXObject ||
    fn === ops.paintInlineImageXObject ||
    fn === ops.paintImageXObjectRepeat ||
    fn === ops.paintImageMaskXObject
  );
}

function affine(m: ArrayLike<number> | unknown[]): Affine {
  const v = Array.from(m as ArrayLike<number>, Number);
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = v;
  return [a, b, c, d, e, f].every(Number.isFinite) ? { a, b, c, d, e, f } : IDENTITY;
}

/** ExtGState entries arrive as [key, value] pairs; only the line width matters here. */
function applyGState(gs: GraphicsState, entries: unknown): void {
  if (!Array.isArray(entries)) return;
  for (const entry of entries) {
    if (Array.isArray(entry) && entry[0] === 'LW' && typeof entry[1] === 'number') gs.lineWidth = entry[1];
  }
}

/** An `OC` marked-content property: an OCG (by id) or a membership dictionary (its first group). */
function ocgName(props: unknown, names: ReadonlyMap<string, string>): string | undefined {
  const p = props as { type?: string; id?: string; ids?: string[] } | null | undefined;
  if (!p) return undefined;
  const id = p.type === 'OCG' ? p.id : p.ids?.[0];
  return id === undefined ? undefined : (names.get(id) ?? id);
}

/**
 * pdf.js path data (DrawOPS codes with their coordinates) → subpaths in page space. No closures are made
 * per call: a dense page calls this once per path, hundreds of thousands of times.
 */
function subpaths(data: ArrayLike<number>, ctm: Affine): SubPath[] {
  const out: SubPath[] = [];
  let current: SubPath | undefined;
  let last: Vec2 = { x: 0, y: 0 };
  let start: Vec2 = last;
  for (let i = 0; i < data.length;) {
    const op = data[i++];
    if (op === DRAW.moveTo) {
      last = start = pointAt(data, i);
      i += 2;
      current = openSubpath(out, ctm, last);
    } else if (op === DRAW.lineTo) {
      const s = (current ??= openSubpath(out, ctm, last));
      last = pointAt(data, i);
      i += 2;
      emit(s, ctm, last);
    } else if (op === DRAW.curveTo || op === DRAW.quadraticCurveTo) {
      const s = (current ??= openSubpath(out, ctm, last));
      const from = last;
      const c1 = pointAt(data, i);
      const c2 = pointAt(data, i + 2);
      const c3 = op === DRAW.curveTo ? pointAt(data, i + 4) : undefined;
      i += op === DRAW.curveTo ? 6 : 4;
      // a quadratic (from, c1, c2) is the cubic with control points 2/3 of the way to c1
      const cubic: [Vec2, Vec2, Vec2, Vec2] = c3
        ? [from, c1, c2, c3]
        : [from, lerp(from, c1, 2 / 3), lerp(c2, c1, 2 / 3), c2];
      for (let k = 1; k <= CURVE_STEPS; k++) emit(s, ctm, bezier(cubic, k / CURVE_STEPS));
      s.curved = true;
      last = cubic[3];
    } else if (op === DRAW.closePath) {
      if (current) current.closed = true;
      last = start;
      current = undefined;
    } else break; // unknown code: the rest of the data cannot be aligned
  }
  let kept = 0;
  for (const sub of out) if (sub.points.length >= 2) out[kept++] = sub;
  out.length = kept;
  return out;
}

/** The innermost named optional-content group of the marked-content stack. */
function innermost(marked: ReadonlyArray<string | undefined>): string | undefined {
  for (let i = marked.length - 1; i >= 0; i--) if (marked[i] !== undefined) return marked[i];
  return undefined;
}

function pointAt(data: ArrayLike<number>, i: number): Vec2 {
  return { x: data[i] ?? 0, y: data[i + 1] ?? 0 };
}

function openSubpath(out: SubPath[], ctm: Affine, from: Vec2): SubPath {
  const s: SubPath = { points: [], closed: false, curved: false };
  out.push(s);
  emit(s, ctm, from);
  return s;
}

function emit(s: SubPath, ctm: Affine, p: Vec2): void {
  const q = apply(ctm, p);
  if (Number.isFinite(q.x) && Number.isFinite(q.y)) s.points.push(q);
}

function lerp(p: Vec2, q: Vec2, t: number): Vec2 {
  return { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t };
}

function bezier([p0, p1, p2, p3]: [Vec2, Vec2, Vec2, Vec2], t: number): Vec2 {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * p0.x + b * p1.x + c * p2.x + d * p3.x, y: a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}
