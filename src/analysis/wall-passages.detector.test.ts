import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Opening } from './openings.detector.ts';
import { pairWalls } from './wall-pairing.matcher.ts';
import type { FaceSegment } from './wall.model.ts';
import { withoutPassages } from './wall-passages.detector.ts';

/** The two faces of a horizontal 0.2 m wall from x0 to x1 (centre line y = 0). */
function wall(x0: number, x1: number, handle: string): FaceSegment[] {
  return [
    { a: { x: x0, y: -0.1 }, b: { x: x1, y: -0.1 }, layer: 'A-WALL', handle: `${handle}s` },
    { a: { x: x0, y: 0.1 }, b: { x: x1, y: 0.1 }, layer: 'A-WALL', handle: `${handle}n` },
  ];
}

const door = (x0: number, x1: number): Opening => ({
  kind: 'door',
  width: x1 - x0,
  height: 2.1,
  min: { x: x0, y: -0.1 },
  max: { x: x1, y: 0.1 },
  host: undefined,
  layer: 'A-DOOR',
  block: undefined,
  handle: 'D1',
  confidence: 0.75,
  source: 'swing',
  double: false,
  swings: [],
});

const total = (pieces: Array<{ length: number }>): number => pieces.reduce((s, p) => s + p.length, 0);

void describe('doorless passages', () => {
  void it('leaves a 1.2 m gap with nothing in it out of the walls (it still exists for rooms)', () => {
    const pieces = pairWalls([...wall(0, 3, 'W1'), ...wall(4.2, 8, 'W2')]);
    assert.ok(Math.abs(total(pieces) - 8) < 1e-6, 'the bridge closes the gap');
    const { walls, passages } = withoutPassages(pieces, []);
    assert.ok(Math.abs(total(walls) - 6.8) < 1e-6, String(total(walls)));
    assert.equal(passages.length, 1);
  });

  void it('keeps the gap as wall when a door sits in it, with the door still hosted by it', () => {
    const pieces = pairWalls([...wall(0, 3, 'W1'), ...wall(4.2, 8, 'W2')]);
    const bridge = pieces.findIndex((p) => p.gap);
    const { walls, openings } = withoutPassages(pieces, [{ ...door(3.1, 4.1), host: bridge }]);
    assert.ok(Math.abs(total(walls) - 8) < 1e-6);
    assert.equal(walls[openings[0]?.host ?? -1]?.gap, true);
  });

  void it('keeps the through wall of a T junction and renumbers the hosts after a dropped passage', () => {
    // A through wall 0–8 broken under a 0.2 m stem at x 2–2.2, and a doorless gap at 5–6.2.
    const stem: FaceSegment[] = [
      { a: { x: 2, y: 0.1 }, b: { x: 2, y: 3 }, layer: 'A-WALL', handle: 'Tw' },
      { a: { x: 2.2, y: 0.1 }, b: { x: 2.2, y: 3 }, layer: 'A-WALL', handle: 'Te' },
    ];
    const faces = [
      { a: { x: 0, y: -0.1 }, b: { x: 8, y: -0.1 }, layer: 'A-WALL', handle: 'S' },
      { a: { x: 0, y: 0.1 }, b: { x: 2, y: 0.1 }, layer: 'A-WALL', handle: 'N1' },
      { a: { x: 2.2, y: 0.1 }, b: { x: 5, y: 0.1 }, layer: 'A-WALL', handle: 'N2' },
      { a: { x: 6.2, y: 0.1 }, b: { x: 8, y: 0.1 }, layer: 'A-WALL', handle: 'N3' },
      ...stem,
    ];
    const pieces = pairWalls(faces);
    const passage = pieces.findIndex((p) => p.gap && p.length > 1);
    // An opening hosted by a piece after the passage (here the T bridge itself) keeps its piece.
    const later = pieces.findIndex((p, i) => i > passage && p.gap);
    assert.ok(passage >= 0 && later > passage);
    const { walls, passages, openings } = withoutPassages(pieces, [{ ...door(2, 2.2), host: later }]);
    assert.equal(passages.length, 1, JSON.stringify(passages));
    assert.ok(Math.abs((passages[0]?.length ?? 0) - 1.2) < 0.11, String(passages[0]?.length));
    assert.ok(
      walls.some((w) => w.gap && Math.abs(w.length - 0.2) < 1e-6),
      'the T bridge stays',
    );
    assert.equal(walls[openings[0]?.host ?? -1], pieces[later]);
  });
});
