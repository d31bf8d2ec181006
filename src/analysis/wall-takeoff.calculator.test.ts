import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wallItems } from './wall-takeoff.calculator.ts';
import type { WallPiece } from './wall.model.ts';

const piece = (length: number, thickness: number | undefined, layer: string): WallPiece => ({
  start: { x: 0, y: 0 },
  end: { x: length, y: 0 },
  length,
  thickness,
  layers: [layer],
  handles: ['H'],
  gap: false,
});

const lengthConfidence = (unpaired: WallPiece[]): number | undefined =>
  wallItems([piece(10, 0.2, 'A-WALL')], [], 3, unpaired).items.find((i) => i.id.endsWith('.length'))
    ?.confidence;

void describe('wall line confidence from its evidence', () => {
  void it('falls with the share of face length left unpaired on the walls’ layers, not on other layers', () => {
    assert.equal(lengthConfidence([]), 0.85);
    // 20 m of paired faces and 5 m unpaired on the same layer: 0.85 − 0.3 × 5 / 25 = 0.79.
    assert.equal(lengthConfidence([piece(5, undefined, 'A-WALL')]), 0.79);
    assert.equal(lengthConfidence([piece(5, undefined, 'A-WALL-OTHER')]), 0.85);
  });
});
