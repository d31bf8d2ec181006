// Wall geometry shared by pairing, gap bridging and the wall takeoff.
import type { Vec2 } from './drawing.model.ts';

/** A straight wall face (metres) with where it came from. */
export interface FaceSegment {
  a: Vec2;
  b: Vec2;
  layer: string;
  handle: string;
}

/** A wall piece: its centre line, thickness (undefined for a single line) and the faces it came from. */
export interface WallPiece {
  start: Vec2;
  end: Vec2;
  length: number;
  thickness: number | undefined;
  layers: string[];
  handles: string[];
  /** True for a stretch bridged across an opening between two wall pieces. */
  gap: boolean;
}
