// Spline sampling: NURBS by de Boor's algorithm, fit-point splines by clamped C2 cubic interpolation.
import type { SplineData, Vec2 } from './drawing.model.ts';

const SAMPLES_PER_SPAN = 24;

/** Samples a spline into points (control points win; fit points are interpolated with chord-length knots). */
export function splinePoints(spline: SplineData): Vec2[] {
  const { controlPoints, knots, degree } = spline;
  if (controlPoints.length >= degree + 1 && knots.length === controlPoints.length + degree + 1) {
    return sampleNurbs(controlPoints, knots, spline.weights, degree);
  }
  if (spline.fitPoints.length >= 2)
    return sampleFit(spline.fitPoints, spline.startTangent, spline.endTangent);
  return controlPoints.length >= 2 ? controlPoints : [];
}

function sampleNurbs(points: Vec2[], knots: number[], weights: number[] | undefined, p: number): Vec2[] {
  const out: Vec2[] = [];
  const n = points.length;
  for (let span = p; span < n; span++) {
    const t0 = knots[span] ?? 0;
    const t1 = knots[span + 1] ?? 0;
    if (!(t1 > t0)) continue;
    for (let i = 0; i < SAMPLES_PER_SPAN; i++)
      out.push(deBoor(span, t0 + ((t1 - t0) * i) / SAMPLES_PER_SPAN));
  }
  const lastSpan = findLastSpan(knots, n, p);
  if (lastSpan >= 0) out.push(deBoor(lastSpan, knots[n] ?? 0));
  return out;

  function deBoor(k: number, t: number): Vec2 {
    const d: Array<{ x: number; y: number; w: number }> = [];
    for (let j = 0; j <= p; j++) {
      const q = points[j + k - p] ?? { x: 0, y: 0 };
      const w = weights?.[j + k - p] ?? 1;
      d.push({ x: q.x * w, y: q.y * w, w });
    }
    for (let r = 1; r <= p; r++) {
      for (let j = p; j >= r; j--) {
        const lo = knots[j + k - p] ?? 0;
        const hi = knots[j + 1 + k - r] ?? 0;
        const alpha = hi === lo ? 0 : (t - lo) / (hi - lo);
        const a = d[j - 1];
        const b = d[j];
        if (a && b)
          d[j] = {
            x: (1 - alpha) * a.x + alpha * b.x,
            y: (1 - alpha) * a.y + alpha * b.y,
            w: (1 - alpha) * a.w + alpha * b.w,
          };
      }
    }
    const r = d[p] ?? { x: 0, y: 0, w: 1 };
    return { x: r.x / r.w, y: r.y / r.w };
  }
}

function findLastSpan(knots: number[], n: number, p: number): number {
  for (let span = n - 1; span >= p; span--) if ((knots[span + 1] ?? 0) > (knots[span] ?? 0)) return span;
  return -1;
}

/**
 * Interpolates fit points with a C2 cubic in chord-length parameter, clamped to the unit end tangents
 * when given (natural ends otherwise) — the construction CAD programs use for fit-point splines.
 */
function sampleFit(points: Vec2[], startTangent: Vec2 | undefined, endTangent: Vec2 | undefined): Vec2[] {
  const n = points.length - 1;
  const h: number[] = [];
  for (let i = 0; i < n; i++)
    h.push(Math.max(1e-12, Math.hypot(pt(i + 1).x - pt(i).x, pt(i + 1).y - pt(i).y)));
  const dx = solveDerivatives(
    points.map((q) => q.x),
    h,
    unit(startTangent)?.x,
    unit(endTangent)?.x,
  );
  const dy = solveDerivatives(
    points.map((q) => q.y),
    h,
    unit(startTangent)?.y,
    unit(endTangent)?.y,
  );
  const out: Vec2[] = [];
  for (let i = 0; i < n; i++) {
    const hi = h[i] ?? 1;
    for (let s = 0; s < SAMPLES_PER_SPAN; s++) {
      const u = s / SAMPLES_PER_SPAN;
      const h00 = 2 * u ** 3 - 3 * u ** 2 + 1;
      const h10 = u ** 3 - 2 * u ** 2 + u;
      const h01 = -2 * u ** 3 + 3 * u ** 2;
      const h11 = u ** 3 - u ** 2;
      out.push({
        x: h00 * pt(i).x + h10 * hi * (dx[i] ?? 0) + h01 * pt(i + 1).x + h11 * hi * (dx[i + 1] ?? 0),
        y: h00 * pt(i).y + h10 * hi * (dy[i] ?? 0) + h01 * pt(i + 1).y + h11 * hi * (dy[i + 1] ?? 0),
      });
    }
  }
  out.push(pt(n));
  return out;

  function pt(i: number): Vec2 {
    return points[i] ?? { x: 0, y: 0 };
  }
}

function unit(v: Vec2 | undefined): Vec2 | undefined {
  const len = v ? Math.hypot(v.x, v.y) : 0;
  return v && len > 1e-12 ? { x: v.x / len, y: v.y / len } : undefined;
}

/** First derivatives of a C2 cubic spline through `y` with knot gaps `h` (Thomas algorithm). */
function solveDerivatives(
  y: number[],
  h: number[],
  d0: number | undefined,
  dn: number | undefined,
): number[] {
  const n = y.length - 1;
  const lower: number[] = [];
  const diag: number[] = [];
  const upper: number[] = [];
  const rhs: number[] = [];
  const at = (a: number[], i: number): number => a[i] ?? 0;
  for (let i = 0; i <= n; i++) {
    if (i === 0) {
      if (d0 !== undefined) push(0, 1, 0, d0);
      else push(0, 2, 1, (3 * (at(y, 1) - at(y, 0))) / at(h, 0));
    } else if (i === n) {
      if (dn !== undefined) push(0, 1, 0, dn);
      else push(1, 2, 0, (3 * (at(y, n) - at(y, n - 1))) / at(h, n - 1));
    } else {
      const hp = at(h, i - 1);
      const hn = at(h, i);
      const r = 3 * ((hn * (at(y, i) - at(y, i - 1))) / hp + (hp * (at(y, i + 1) - at(y, i))) / hn);
      push(hn, 2 * (hp + hn), hp, r);
    }
  }
  for (let i = 1; i <= n; i++) {
    const m = at(lower, i) / at(diag, i - 1);
    diag[i] = at(diag, i) - m * at(upper, i - 1);
    rhs[i] = at(rhs, i) - m * at(rhs, i - 1);
  }
  const x: number[] = new Array<number>(n + 1).fill(0);
  x[n] = at(rhs, n) / at(diag, n);
  for (let i = n - 1; i >= 0; i--) x[i] = (at(rhs, i) - at(upper, i) * at(x, i + 1)) / at(diag, i);
  return x;

  function push(l: number, d: number, u: number, r: number): void {
    lower.push(l);
    diag.push(d);
    upper.push(u);
    rhs.push(r);
  }
}
