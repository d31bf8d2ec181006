import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TakeoffAdjustment } from '../files/index.ts';
import { correctedTakeoff, linesFromAnalysis } from './analysis-lines.ts';

const result = {
  takeoff: [
    { id: 'door.count', quantity: 4, handleCount: 4 },
    { id: 'pipe.length', quantity: 10, handleCount: 5 },
  ],
  materials: { door: { quantity: 4, unit: 'ea' }, pipe: { quantity: 10, unit: 'm' } },
};
const base = { fileId: 'f', createdBy: 'user:a@example.com', createdAt: new Date(0) };

test('corrected takeoff: excluded lines out, excluded entities scale their line, measurements in', () => {
  const adjustments: TakeoffAdjustment[] = [
    { ...base, id: 'a1', kind: 'exclude_line', lineId: 'door.count' },
    { ...base, id: 'a2', kind: 'exclude_entities', lineId: 'pipe.length', handles: ['1', '2', '1'] },
    {
      ...base,
      id: 'a3',
      kind: 'measurement',
      tool: 'count',
      item: 'door.count',
      label: 'Doors I counted',
      points: [[0, 0]],
      metresPerUnit: 1,
      quantity: 1,
      unit: 'ea',
    },
  ];
  assert.deepEqual(correctedTakeoff(result, adjustments), [
    { item: 'pipe.length', ref: 'pipe.length', quantity: 6 }, // 3 of its 5 sources kept
    { item: 'door.count', ref: 'manual:a3', quantity: 1 },
  ]);
  assert.deepEqual(
    linesFromAnalysis(result, adjustments).map((l) => [l.material, l.quantity, l.sourceRef]),
    [
      ['pipe', 6, 'pipe.length'],
      ['door', 1, 'manual:a3'],
    ],
  );
});

test('without adjustments the machine materials are priced as they are', () => {
  assert.deepEqual(
    linesFromAnalysis(result).map((l) => [l.material, l.quantity, l.sourceRef]),
    [
      ['door', 4, 'door.count'],
      ['pipe', 10, 'pipe.length'],
    ],
  );
});
