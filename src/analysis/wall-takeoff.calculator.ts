// Wall line items per construction: centre-line length, net face area (openings deducted) and volume.
import type { Opening } from './openings.detector.ts';
import { item } from './line-item.factory.ts';
import type { TakeoffLineItem, WallConstruction } from './takeoff.types.ts';
import type { WallPiece } from './wall.model.ts';

/** Thickness (metres) assumed for single-line walls when no double-line wall gives a typical one. */
export const DEFAULT_WALL_THICKNESS = 0.2;

/** Layer (or material) name keywords → wall construction, checked in order. */
export const CONSTRUCTION_KEYWORDS: Array<[WallConstruction, RegExp]> = [
  ['concrete', /conc|beton|béton|hormig|cls|s-wall|rc[-_ ]|concrete/i],
  ['block', /cmu|block|bloque|parpaing|blockstein/i],
  ['drywall', /gyp|dryw|drywall|stud|trocken|placo|pladur|plasterboard|partition|cloison|tabique/i],
  ['masonry', /masn|mason|brick|ziegel|mauer|ladrillo|brique|fabrica/i],
];

/**
 * Builds wall line items. Method: centre-line length comes from face pairing; the gross face area is
 * length × storey height (one face); openings whose extent touches a wall's band are deducted from that
 * wall (width × assumed height); volume is net face area × thickness. Single-line walls take the median
 * paired thickness (or 0.2 m). Confidence 0.85, less the share of single lines (× 0.35) and the share of
 * face length left unpaired on the walls' layers (× 0.3, against all paired faces of those layers). Construction: layer keywords, else thickness ≥ 0.25 m concrete,
 * ≥ 0.10 m masonry, thinner drywall.
 */
export function wallItems(
  pieces: WallPiece[],
  openings: Opening[],
  storeyHeight: number,
  unpaired: WallPiece[] = [],
): { items: TakeoffLineItem[]; walls: Array<WallPiece & { construction: WallConstruction }> } {
  const paired = pieces
    .flatMap((p) => (p.thickness === undefined ? [] : [p.thickness]))
    .sort((a, b) => a - b);
  const typical =
    paired.length > 0
      ? (paired[Math.floor(paired.length / 2)] ?? DEFAULT_WALL_THICKNESS)
      : DEFAULT_WALL_THICKNESS;
  const walls = pieces.map((p) => ({ ...p, construction: constructionOf(p) }));
  const items: TakeoffLineItem[] = [];
  for (const construction of ['concrete', 'masonry', 'block', 'drywall'] as const) {
    const indexes = walls.flatMap((w, i) => (w.construction === construction ? [i] : []));
    if (indexes.length === 0) continue;
    const group = indexes.map((i) => walls[i]).filter((w) => w !== undefined);
    const hosted = openings.filter((o) => o.host !== undefined && indexes.includes(o.host));
    const length = sum(group.map((w) => w.length));
    const gross = length * storeyHeight;
    const deducted = sum(hosted.map((o) => o.width * o.height));
    const volume =
      sum(group.map((w) => w.length * (w.thickness ?? typical) * storeyHeight)) -
      sum(hosted.map((o) => o.width * o.height * (walls[o.host ?? 0]?.thickness ?? typical)));
    const sources = group.flatMap((w) =>
      w.handles.map((handle) => ({ layer: w.layers[0] ?? '', block: undefined, handle })),
    );
    const singles = group.filter((w) => w.thickness === undefined);
    // Face stretches left without a partner on these walls' layers are walls the pairing may have missed.
    const layers = new Set(group.flatMap((w) => w.layers));
    const loose = sum(unpaired.filter((u) => layers.has(u.layers[0] ?? '')).map((u) => u.length));
    const faces =
      2 *
      sum(
        pieces
          .filter((w) => w.thickness !== undefined && w.layers.some((l) => layers.has(l)))
          .map((w) => w.length),
      );
    const confidence =
      0.85 -
      (0.35 * sum(singles.map((w) => w.length))) / Math.max(length, 1e-9) -
      (0.3 * loose) / Math.max(faces + loose, 1e-9);
    const note = `${group.length - singles.length} paired faces, ${singles.length} single lines (thickness ${round3(typical)} m assumed)${loose > 0 ? `, ${round3(loose)} m of faces on these layers unpaired` : ''}`;
    const id = `wall.${construction}`;
    items.push(
      item(
        `${id}.length`,
        `Wall (${construction}) centre-line length`,
        'wall',
        length,
        'm',
        sources,
        confidence,
        `face pairing: ${note}`,
      ),
      item(
        `${id}.area_gross`,
        `Wall (${construction}) face area, gross`,
        'wall',
        gross,
        'm2',
        sources,
        confidence,
        `centre-line length × storey height ${storeyHeight} m, one face`,
      ),
      item(
        `${id}.area_net`,
        `Wall (${construction}) face area, net of openings`,
        'wall',
        gross - deducted,
        'm2',
        sources,
        confidence,
        `gross area minus ${hosted.length} openings in these walls (${round3(deducted)} m², width × assumed height)`,
      ),
      item(
        `${id}.volume`,
        `Wall (${construction}) volume`,
        'wall',
        volume,
        'm3',
        sources,
        confidence * 0.9,
        'Σ length × thickness × storey height − Σ opening area × host thickness',
      ),
    );
  }
  return { items, walls };
}

/** A wall type: walls of one thickness (within 1 cm), or the single-line walls (thickness unknown). */
export interface WallType {
  thicknessM: number | null;
  lengthM: number;
  pieces: number;
}

/** Wall types by thickness, thickest first, single lines last. */
export function wallTypes(pieces: WallPiece[]): WallType[] {
  const paired = pieces
    .filter((p) => p.thickness !== undefined)
    .sort((a, b) => (b.thickness ?? 0) - (a.thickness ?? 0));
  const types: Array<WallType & { sum: number }> = [];
  for (const p of paired) {
    const t = p.thickness ?? 0;
    const last = types[types.length - 1];
    if (last && Math.abs((last.thicknessM ?? 0) - t) <= 0.01) {
      last.lengthM += p.length;
      last.pieces++;
      last.sum += t * p.length;
    } else types.push({ thicknessM: t, lengthM: p.length, pieces: 1, sum: t * p.length });
  }
  const out: WallType[] = types.map((t) => ({
    thicknessM: Math.round((t.sum / t.lengthM) * 1000) / 1000,
    lengthM: round3(t.lengthM),
    pieces: t.pieces,
  }));
  const singles = pieces.filter((p) => p.thickness === undefined);
  if (singles.length > 0)
    out.push({
      thicknessM: null,
      lengthM: round3(sum(singles.map((p) => p.length))),
      pieces: singles.length,
    });
  return out;
}

/** One centre-line length line per wall type. */
export function wallTypeItems(pieces: WallPiece[]): TakeoffLineItem[] {
  return wallTypes(pieces).map((t) => {
    const group = pieces.filter((p) =>
      t.thicknessM === null
        ? p.thickness === undefined
        : p.thickness !== undefined && Math.abs(p.thickness - t.thicknessM) <= 0.011,
    );
    const sources = group.flatMap((w) =>
      w.handles.map((handle) => ({ layer: w.layers[0] ?? '', block: undefined, handle })),
    );
    const mm = t.thicknessM === null ? undefined : Math.round(t.thicknessM * 1000);
    return item(
      mm === undefined ? 'wall.type.single_line.length' : `wall.type.${mm}.length`,
      mm === undefined
        ? 'Walls drawn as single lines, centre-line length'
        : `Wall type ${mm} mm, centre-line length`,
      'wall',
      t.lengthM,
      'm',
      sources,
      mm === undefined ? 0.45 : 0.85,
      mm === undefined
        ? 'lines on wall layers with no parallel partner: thickness unknown'
        : `${t.pieces} pieces of paired faces ${mm} mm apart (within 1 cm), openings bridged`,
    );
  });
}

function constructionOf(p: WallPiece): WallConstruction {
  const name = p.layers.join(' ');
  const byName = CONSTRUCTION_KEYWORDS.find(([, re]) => re.test(name));
  if (byName) return byName[0];
  const t = p.thickness ?? DEFAULT_WALL_THICKNESS;
  return t >= 0.25 ? 'concrete' : t >= 0.1 ? 'masonry' : 'drywall';
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
