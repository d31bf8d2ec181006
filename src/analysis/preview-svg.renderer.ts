// SVG preview: the drawing with every entity coloured by its element class, and a legend.
import type { PreparedDrawing } from './analyze.pipeline.ts';
import type { Vec2 } from './drawing.model.ts';
import { segments, sampleSegment } from './geometry.math.ts';
import type { ElementClass } from './layer.classifier.ts';

/** Preview size and detail. */
export interface PreviewOptions {
  /** Width of the image in pixels (default 1200). */
  width?: number;
  /** Most entities drawn; the rest are left out with a note (default 100 000). */
  maxEntities?: number;
}

/** Colour of each element class in the preview. */
export const CLASS_COLOURS: Record<ElementClass, string> = {
  wall: '#d62728',
  slab: '#8c564b',
  footing: '#7f7f7f',
  column: '#9467bd',
  beam: '#bcbd22',
  roof: '#17becf',
  door: '#2ca02c',
  window: '#1f77b4',
  stair: '#ff7f0e',
  plumbing_fixture: '#e377c2',
  electrical_fixture: '#f2c80f',
  pipe: '#0b6e4f',
  duct: '#6b8e23',
  finish: '#c49c94',
  furniture: '#a0a0d0',
  annotation: '#c7c7c7',
  unclassified: '#555555',
};

const MARGIN = 20;
const LEGEND_ROW = 18;

/** Renders a prepared drawing as an SVG document string. */
export function renderPreviewSvg(p: PreparedDrawing, options: PreviewOptions = {}): string {
  const width = Math.max(100, Math.min(options.width ?? 1200, 8000));
  const limit = options.maxEntities ?? 100_000;
  const ext = p.extents ?? { min: { x: 0, y: 0 }, max: { x: 1, y: 1 } };
  const w = Math.max(ext.max.x - ext.min.x, 1e-9);
  const h = Math.max(ext.max.y - ext.min.y, 1e-9);
  const scale = (width - 2 * MARGIN) / Math.max(w, h);
  const height = Math.ceil(h * scale + 2 * MARGIN);
  const px = (v: Vec2): string =>
    `${round(MARGIN + (v.x - ext.min.x) * scale)} ${round(height - MARGIN - (v.y - ext.min.y) * scale)}`;
  const byClass = new Map<ElementClass, string[]>();
  let drawn = 0;
  for (const e of p.expanded.entities) {
    if (drawn >= limit) break;
    const g = e.geometry;
    let d = '';
    if (g.kind === 'path' && g.vertices.length > 0) {
      const points: Vec2[] = [];
      for (const [a, b] of segments(g.vertices, g.closed))
        points.push(...sampleSegment(a, b, a.bulge, Math.PI / 12));
      const last = g.vertices[g.vertices.length - 1];
      if (!g.closed && last) points.push(last);
      d = `M${points.map(px).join('L')}${g.closed ? 'Z' : ''}`;
    } else if (g.kind === 'hatch') {
      d = g.loops.map((loop) => `M${loop.map(px).join('L')}Z`).join('');
    }
    if (!d) continue;
    drawn++;
    const cls = p.classifier.entity(e).elementClass;
    const list = byClass.get(cls) ?? [];
    list.push(g.kind === 'hatch' ? `<path class="hatch" d="${d}"/>` : `<path d="${d}"/>`);
    byClass.set(cls, list);
  }
  const groups = [...byClass].map(
    ([cls, paths]) =>
      `<g data-class="${cls}" stroke="${CLASS_COLOURS[cls]}" color="${CLASS_COLOURS[cls]}" fill="none">${paths.join('')}</g>`,
  );
  const legend = [...byClass.keys()].map((cls, i) => {
    const y = MARGIN + i * LEGEND_ROW;
    return `<rect x="${MARGIN}" y="${y}" width="12" height="12" fill="${CLASS_COLOURS[cls]}"/><text x="${MARGIN + 18}" y="${y + 11}">${cls.replace('_', ' ')} (${byClass.get(cls)?.length ?? 0})</text>`;
  });
  const note =
    drawn >= limit ? `<text x="${MARGIN}" y="${height - 6}">preview limited to ${limit} entities</text>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<style>path{stroke-width:1;vector-effect:non-scaling-stroke}.hatch{fill:currentColor;fill-opacity:.25}text{font:12px sans-serif;fill:#222}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...groups,
    `<g class="legend"><rect x="${MARGIN - 6}" y="${MARGIN - 6}" width="180" height="${byClass.size * LEGEND_ROW + 8}" fill="#fff" fill-opacity=".85" stroke="#999"/>${legend.join('')}</g>`,
    note,
    '</svg>',
  ].join('\n');
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
