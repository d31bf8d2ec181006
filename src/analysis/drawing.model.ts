// The normalized drawing model every reader produces: plain data, drawing units, radians, model space only.

/** A point or vector in the drawing plane. */
export interface Vec2 {
  x: number;
  y: number;
}

/** A polyline vertex; `bulge` is tan(sweep/4) of the arc to the next vertex (0 = straight). */
export interface BulgeVertex extends Vec2 {
  bulge: number;
}

/** Fields every entity carries. `type` is the DXF entity name (DWG names are mapped to it). */
export interface EntityBase {
  type: string;
  handle: string;
  layer: string;
}

/** Geometry the analysis understands; everything else is kept as `OTHER` so it is still counted. */
export type DrawingEntity =
  | (EntityBase & { kind: 'line'; start: Vec2; end: Vec2 })
  | (EntityBase & {
      kind: 'arc';
      center: Vec2;
      radius: number;
      startAngle: number;
      endAngle: number;
      normalZ: number;
    })
  | (EntityBase & { kind: 'circle'; center: Vec2; radius: number; normalZ: number })
  | (EntityBase & {
      kind: 'polyline';
      vertices: BulgeVertex[];
      closed: boolean;
      is3d: boolean;
      normalZ: number;
    })
  | (EntityBase & {
      kind: 'ellipse';
      center: Vec2;
      majorAxis: Vec2;
      ratio: number;
      startParam: number;
      endParam: number;
      normalZ: number;
    })
  | (EntityBase & { kind: 'spline'; spline: SplineData })
  | (EntityBase & {
      kind: 'insert';
      block: string;
      position: Vec2;
      scale: Vec2;
      rotation: number;
      normalZ: number;
      columns: number;
      rows: number;
      columnSpacing: number;
      rowSpacing: number;
    })
  | (EntityBase & { kind: 'hatch'; pattern: string; solid: boolean; loops: Vec2[][]; normalZ: number })
  | (EntityBase & {
      kind: 'dimension';
      measurement: number | undefined;
      text: string;
      block: string | undefined;
    })
  | (EntityBase & { kind: 'text'; position: Vec2; text: string; height: number })
  | (EntityBase & { kind: 'other' });

/** A spline as stored: control points with knots and weights, or fit points with end tangents. */
export interface SplineData {
  degree: number;
  closed: boolean;
  controlPoints: Vec2[];
  knots: number[];
  weights: number[] | undefined;
  fitPoints: Vec2[];
  startTangent: Vec2 | undefined;
  endTangent: Vec2 | undefined;
}

/** A block definition: its base point and its entities in block coordinates. */
export interface BlockDefinition {
  name: string;
  base: Vec2;
  entities: DrawingEntity[];
}

/** Header values the analysis uses. */
export interface DrawingHeader {
  insunits: number | undefined;
  measurement: number | undefined;
  dimlunit: number | undefined;
  extMin: Vec2 | undefined;
  extMax: Vec2 | undefined;
}

/** What a reader returns: one drawing, whatever the file format was. */
export interface Drawing {
  format: 'dxf' | 'dwg' | 'pdf';
  reader: { name: string; version: string };
  header: DrawingHeader;
  layers: string[];
  blocks: Map<string, BlockDefinition>;
  entities: DrawingEntity[];
  warnings: string[];
}
