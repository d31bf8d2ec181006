import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decideThreshold, type ThresholdObservation } from './threshold.policy.ts';

const base: ThresholdObservation = {
  previous: 80,
  current: 120,
  threshold: 100,
  direction: 'above',
  lastFiredAt: null,
  cooldownMs: 3_600_000,
  now: new Date('2025-06-01T12:00:00Z'),
};

void describe('decideThreshold', () => {
  void it('fires on the crossing and not on later observations above the threshold', () => {
    const values = [50, 90, 120, 130, 150, 95, 110];
    let previous: number | null = null;
    const fired: number[] = [];
    for (const current of values) {
      if (decideThreshold({ ...base, previous, current }).fire) fired.push(current);
      previous = current;
    }
    assert.deepEqual(fired, [120, 110]);
  });

  void it('treats an unknown previous value as not exceeding, and equal-to-threshold as not exceeding', () => {
    assert.deepEqual(decideThreshold({ ...base, previous: null }), { fire: true, reason: 'crossed' });
    assert.deepEqual(decideThreshold({ ...base, current: 100 }), { fire: false, reason: 'not_exceeded' });
    assert.deepEqual(decideThreshold({ ...base, previous: 100 }), { fire: true, reason: 'crossed' });
    assert.deepEqual(decideThreshold({ ...base, previous: 101 }), {
      fire: false,
      reason: 'already_exceeded',
    });
  });

  void it('supports falling below a threshold', () => {
    const below = { ...base, direction: 'below' as const };
    assert.equal(decideThreshold({ ...below, previous: 120, current: 80 }).fire, true);
    assert.equal(decideThreshold({ ...below, previous: 80, current: 70 }).fire, false);
    assert.equal(decideThreshold({ ...below, previous: 80, current: 120 }).fire, false);
  });

  void it('suppresses a crossing within the cooldown after the last firing', () => {
    const lastFiredAt = new Date(base.now.getTime() - 30 * 60_000);
    assert.deepEqual(decideThreshold({ ...base, lastFiredAt }), { fire: false, reason: 'cooldown' });
    const longAgo = new Date(base.now.getTime() - 61 * 60_000);
    assert.equal(decideThreshold({ ...base, lastFiredAt: longAgo }).fire, true);
    assert.equal(decideThreshold({ ...base, lastFiredAt, cooldownMs: 0 }).fire, true);
  });
});
