// The plan on a canvas: entities batched into one path per (layer, class), so a frame is a few dozen
// strokes whatever the entity count; pan by dragging or arrow keys, zoom by wheel, +/- or the buttons.
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { PlanGeometry } from '../api/types.ts';

interface View {
  /** Screen pixels per geometry step. */
  scale: number;
  /** Screen position (CSS px) of the geometry origin. */
  x: number;
  y: number;
}

interface Props {
  geometry: PlanGeometry;
  label: string;
  hiddenLayers: ReadonlySet<number>;
  hiddenClasses: ReadonlySet<number>;
  highlighted: ReadonlySet<number>;
  selected: number | undefined;
  onPick: (entity: number | undefined) => void;
  /** When set (a measuring tool is active), a click places a point in geometry units instead of picking. */
  onPoint?: (point: [number, number]) => void;
  /** Shapes drawn over the plan in geometry units: manual measurements and the one being drawn. */
  sketches?: ReadonlyArray<Sketch>;
}

/** A manual shape over the plan, in geometry units. */
export interface Sketch {
  points: ReadonlyArray<readonly [number, number]>;
  closed: boolean;
  /** Points only (a count), no lines between them. */
  dots?: boolean;
  active?: boolean;
}

const HIGHLIGHT = '#ffb000';
const SKETCH = '#c026d3';
const PICK_TOLERANCE_PX = 6;
/** Space left around the plan when it is fitted to the canvas (both sides together). */
const FIT_MARGIN_PX = 40;

function entityPath(e: PlanGeometry['entities'][number]): Path2D {
  const path = new Path2D();
  const d = e.d;
  const starts = e.k === 'h' ? (e.s ?? [0]) : [0];
  starts.forEach((start, i) => {
    const end = (starts[i + 1] ?? d.length / 2) * 2;
    for (let j = start * 2; j < end; j += 2) {
      if (j === start * 2) path.moveTo(d[j]!, d[j + 1]!);
      else path.lineTo(d[j]!, d[j + 1]!);
    }
    if (e.k === 'h' || e.z) path.closePath();
  });
  return path;
}

/** Squared distance from point (px, py) to segment (ax, ay)–(bx, by). */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}

/** Draws the manual shapes in screen-constant widths (the context is in geometry units). */
function drawSketches(ctx: CanvasRenderingContext2D, sketches: ReadonlyArray<Sketch>, scale: number) {
  for (const sketch of sketches) {
    ctx.strokeStyle = SKETCH;
    ctx.fillStyle = SKETCH;
    ctx.lineWidth = (sketch.active ? 3 : 2) / scale;
    if (!sketch.dots && sketch.points.length > 1) {
      const path = new Path2D();
      sketch.points.forEach(([x, y], i) => (i === 0 ? path.moveTo(x, y) : path.lineTo(x, y)));
      if (sketch.closed) path.closePath();
      ctx.stroke(path);
      if (sketch.closed) {
        ctx.globalAlpha = 0.15;
        ctx.fill(path);
        ctx.globalAlpha = 1;
      }
    }
    for (const [x, y] of sketch.points) {
      ctx.beginPath();
      ctx.arc(x, y, 4 / scale, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}

/** The keyboard's aim in measuring mode: a crosshair at the centre of the canvas (device pixels). */
function drawCrosshair(ctx: CanvasRenderingContext2D, width: number, height: number) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.strokeStyle = SKETCH;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(width / 2 - 10, height / 2);
  ctx.lineTo(width / 2 + 10, height / 2);
  ctx.moveTo(width / 2, height / 2 - 10);
  ctx.lineTo(width / 2, height / 2 + 10);
  ctx.stroke();
}

/** The plan, drawn and interactive. */
export function PlanCanvas({
  geometry,
  label,
  hiddenLayers,
  hiddenClasses,
  highlighted,
  selected,
  onPick,
  onPoint,
  sketches = [],
}: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const measuring = onPoint !== undefined;
  const [view, setView] = useState<View>();
  const drag = useRef<{ x: number; y: number; moved: boolean } | undefined>(undefined);

  // one Path2D per (layer, class) group, built once per geometry
  const groups = useMemo(() => {
    const byKey = new Map<string, { layer: number; cls: number; path: Path2D; fill: Path2D }>();
    geometry.entities.forEach((e) => {
      const key = `${e.l}:${e.c}`;
      let group = byKey.get(key);
      if (!group) {
        group = { layer: e.l, cls: e.c, path: new Path2D(), fill: new Path2D() };
        byKey.set(key, group);
      }
      const path = entityPath(e);
      group.path.addPath(path);
      if (e.k === 'h') group.fill.addPath(path);
    });
    return [...byKey.values()];
  }, [geometry]);

  const highlightPath = useMemo(() => {
    const path = new Path2D();
    for (const index of highlighted) {
      const e = geometry.entities[index];
      if (e) path.addPath(entityPath(e));
    }
    return path;
  }, [geometry, highlighted]);

  const fit = useCallback(() => {
    const element = canvas.current;
    if (!element) return;
    const { width, height } = element.getBoundingClientRect();
    // a canvas not laid out (0 wide while the page changes) keeps its view: a fit to it would turn the plan over
    if (width <= FIT_MARGIN_PX || height <= FIT_MARGIN_PX) return;
    const w = Math.max(geometry.size.width, 1);
    const h = Math.max(geometry.size.height, 1);
    const scale = Math.min((width - FIT_MARGIN_PX) / w, (height - FIT_MARGIN_PX) / h);
    setView({ scale, x: (width - w * scale) / 2, y: (height + h * scale) / 2 });
  }, [geometry]);

  useEffect(() => {
    fit();
    const element = canvas.current;
    if (!element) return;
    const observer = new ResizeObserver(() => fit());
    observer.observe(element);
    return () => observer.disconnect();
  }, [fit]);

  // draw on every change, at most once per frame
  useEffect(() => {
    const element = canvas.current;
    if (!element || !view) return;
    const frame = requestAnimationFrame(() => {
      const dpr = window.devicePixelRatio || 1;
      const { width, height } = element.getBoundingClientRect();
      if (element.width !== Math.round(width * dpr)) element.width = Math.round(width * dpr);
      if (element.height !== Math.round(height * dpr)) element.height = Math.round(height * dpr);
      const ctx = element.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, element.width, element.height);
      ctx.setTransform(view.scale * dpr, 0, 0, -view.scale * dpr, view.x * dpr, view.y * dpr);
      ctx.lineWidth = 1 / view.scale;
      ctx.lineJoin = 'round';
      const dim = highlighted.size > 0;
      for (const g of groups) {
        if (hiddenLayers.has(g.layer) || hiddenClasses.has(g.cls)) continue;
        const colour = geometry.colours[g.cls] ?? '#555';
        ctx.globalAlpha = dim ? 0.35 : 1;
        ctx.strokeStyle = colour;
        ctx.stroke(g.path);
        ctx.globalAlpha = dim ? 0.08 : 0.25;
        ctx.fillStyle = colour;
        ctx.fill(g.fill);
      }
      ctx.globalAlpha = 1;
      if (highlighted.size > 0) {
        ctx.strokeStyle = HIGHLIGHT;
        ctx.lineWidth = 4 / view.scale;
        ctx.stroke(highlightPath);
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 1 / view.scale;
        ctx.stroke(highlightPath);
      }
      const picked = selected === undefined ? undefined : geometry.entities[selected];
      if (picked) {
        ctx.strokeStyle = '#1d4ed8';
        ctx.lineWidth = 3 / view.scale;
        ctx.stroke(entityPath(picked));
      }
      drawSketches(ctx, sketches, view.scale);
      if (measuring) drawCrosshair(ctx, width * dpr, height * dpr);
    });
    return () => cancelAnimationFrame(frame);
  }, [
    view,
    groups,
    geometry,
    hiddenLayers,
    hiddenClasses,
    highlighted,
    highlightPath,
    selected,
    sketches,
    measuring,
  ]);

  const zoomAt = (factor: number, sx: number, sy: number) =>
    setView(
      (v) => v && { scale: v.scale * factor, x: sx - (sx - v.x) * factor, y: sy - (sy - v.y) * factor },
    );
  const zoomCentre = (factor: number) => {
    const rect = canvas.current?.getBoundingClientRect();
    if (rect) zoomAt(factor, rect.width / 2, rect.height / 2);
  };

  // wheel zoom must be able to prevent the page's scroll: a non-passive listener
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const pick = (sx: number, sy: number) => {
    if (!view) return;
    const gx = (sx - view.x) / view.scale;
    const gy = (view.y - sy) / view.scale;
    const tolerance = PICK_TOLERANCE_PX / view.scale;
    let best: number | undefined;
    let bestDistance = tolerance * tolerance;
    geometry.entities.forEach((e, index) => {
      if (hiddenLayers.has(e.l) || hiddenClasses.has(e.c)) return;
      const d = e.d;
      for (let j = 0; j + 3 < d.length; j += 2) {
        const distance = segmentDistance2(gx, gy, d[j]!, d[j + 1]!, d[j + 2]!, d[j + 3]!);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = index;
        }
      }
    });
    onPick(best);
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, moved: false };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const start = drag.current;
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (!start.moved && Math.hypot(dx, dy) < 3) return;
    start.moved = true;
    start.x = event.clientX;
    start.y = event.clientY;
    setView((v) => v && { ...v, x: v.x + dx, y: v.y + dy });
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const start = drag.current;
    drag.current = undefined;
    if (start && !start.moved) {
      const rect = event.currentTarget.getBoundingClientRect();
      const sx = event.clientX - rect.left;
      const sy = event.clientY - rect.top;
      if (onPoint && view) onPoint([(sx - view.x) / view.scale, (view.y - sy) / view.scale]);
      else pick(sx, sy);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const pan = 60;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [pan, 0],
      ArrowRight: [-pan, 0],
      ArrowUp: [0, pan],
      ArrowDown: [0, -pan],
    };
    const move = moves[event.key];
    if (move) setView((v) => v && { ...v, x: v.x + move[0], y: v.y + move[1] });
    else if (event.key === '+' || event.key === '=') zoomCentre(1.25);
    else if (event.key === '-') zoomCentre(0.8);
    else if (event.key === '0') fit();
    else if (event.key === 'Escape') onPick(undefined);
    else if (event.key === 'Enter' && onPoint && view) {
      // keyboard measuring: pan the plan under the crosshair at the centre, Enter places a point there
      const rect = event.currentTarget.getBoundingClientRect();
      onPoint([(rect.width / 2 - view.x) / view.scale, (view.y - rect.height / 2) / view.scale]);
    } else return;
    event.preventDefault();
  };

  return (
    <div className="plan">
      <div className="plan-tools" role="toolbar" aria-label="Plan view">
        <button type="button" onClick={() => zoomCentre(1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomCentre(0.8)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={fit}>
          Fit
        </button>
        <span className="hint">
          {onPoint
            ? 'Click the plan (or press Enter at the crosshair) to place points; drag to pan, wheel or +/− to zoom'
            : 'Drag to pan, wheel or +/− to zoom, click an entity to see its lines'}
        </span>
      </div>
      <canvas
        ref={canvas}
        tabIndex={0}
        role="img"
        aria-label={
          measuring
            ? `${label}: measuring; arrow keys move the plan under the centre crosshair, Enter places a point`
            : `${label}: plan view; arrow keys pan, plus and minus zoom, 0 fits`
        }
        data-testid="plan-canvas"
        data-highlighted-entities={highlighted.size}
        data-view={view && JSON.stringify(view)}
        data-mode={onPoint ? 'measure' : 'pick'}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
