import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MEASUREMENT_ITEMS, measuredQuantity, measurementUnit } from './manual-measurement.ts';

test('manual measurements: lengths, areas and counts in metres from drawing units', () => {
  const square: Array<[number, number]> = [
    [0, 0],
    [0, 2000],
    [3000, 2000],
    [3000, 0],
  ];
  // millimetre drawing: 3 m × 2 m, either winding
  assert.equal(measuredQuantity('area', square, 0.001), 6);
  assert.equal(measuredQuantity('area', [...square].reverse(), 0.001), 6);
  assert.equal(measuredQuantity('polyline', square, 0.001), 7);
  assert.equal(measuredQuantity('line', square, 0.001), 2); // a line is its first two points
  assert.equal(measuredQuantity('count', square, 0.001), 4);
});

test('manual measurements: each tool measures only the items of its unit', () => {
  assert.equal(measurementUnit('area', 'finish.area.manual'), 'm2');
  assert.equal(measurementUnit('count', 'door.count'), 'ea');
  assert.equal(measurementUnit('polyline', 'pipe.length'), 'm');
  assert.equal(measurementUnit('count', 'slab.area'), undefined);
  assert.equal(measurementUnit('area', 'slab.volume'), undefined); // volumes are not drawn
  assert.ok(!MEASUREMENT_ITEMS.some((i) => i.item.endsWith('.')), 'families are offered as a member');
});
