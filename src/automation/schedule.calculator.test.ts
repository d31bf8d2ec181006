import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RuleValidationError } from './automation.errors.ts';
import { dueSlot, nextRunAt, validateSchedule } from './schedule.calculator.ts';

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** Walks a schedule forward from `start`, as the scheduler does, returning the slots it would fire. */
function fire(cron: string, tz: string, start: string, count: number): string[] {
  const slots: string[] = [];
  let clock = at(start);
  for (let i = 0; i < count; i++) {
    const next = nextRunAt(cron, tz, clock);
    assert.ok(next);
    slots.push(next.toISOString());
    clock = next;
  }
  return slots;
}

void describe('nextRunAt across daylight-saving changes', () => {
  void it('America/New_York spring forward: 02:30 does not exist, the job runs once at 03:00 EDT', () => {
    assert.deepEqual(fire('30 2 * * *', 'America/New_York', '2025-03-08T12:00:00Z', 3), [
      '2025-03-09T07:00:00.000Z', // 03:00 EDT, right after the gap
      '2025-03-10T06:30:00.000Z', // 02:30 EDT
      '2025-03-11T06:30:00.000Z',
    ]);
  });

  void it('America/New_York fall back: 01:30 happens twice, a fixed-time job runs once', () => {
    assert.deepEqual(fire('30 1 * * *', 'America/New_York', '2025-11-01T12:00:00Z', 2), [
      '2025-11-02T05:30:00.000Z', // 01:30 EDT, first occurrence
      '2025-11-03T06:30:00.000Z', // 01:30 EST next day
    ]);
  });

  void it('a 09:00 job stays at 09:00 local time when Europe/Berlin moves to summer time', () => {
    assert.deepEqual(fire('0 9 * * *', 'Europe/Berlin', '2025-03-29T00:00:00Z', 2), [
      '2025-03-29T08:00:00.000Z', // CET, UTC+1
      '2025-03-30T07:00:00.000Z', // CEST, UTC+2
    ]);
  });

  void it('an interval job keeps its real-time cadence through the repeated hour', () => {
    assert.deepEqual(fire('*/30 * * * *', 'America/New_York', '2025-11-02T04:50:00Z', 5), [
      '2025-11-02T05:00:00.000Z',
      '2025-11-02T05:30:00.000Z',
      '2025-11-02T06:00:00.000Z', // 01:00 EST, the hour again
      '2025-11-02T06:30:00.000Z',
      '2025-11-02T07:00:00.000Z',
    ]);
  });
});

void describe('dueSlot', () => {
  void it('after downtime runs only the latest missed slot, once', () => {
    const last = at('2025-01-01T08:00:00Z');
    const now = at('2025-01-01T12:20:00Z');
    const slot = dueSlot('0 * * * *', 'UTC', last, now);
    assert.equal(iso(slot), '2025-01-01T12:00:00.000Z');
    // Having run it, nothing else is due until the next slot.
    assert.equal(dueSlot('0 * * * *', 'UTC', slot!, now), null);
    assert.equal(
      iso(dueSlot('0 * * * *', 'UTC', slot!, at('2025-01-01T13:00:00Z'))),
      '2025-01-01T13:00:00.000Z',
    );
  });

  void it('counts a slot exactly at now, but not one exactly at since or in the future', () => {
    assert.equal(
      iso(dueSlot('0 12 * * *', 'UTC', at('2025-01-01T11:00:00Z'), at('2025-01-01T12:00:00Z'))),
      '2025-01-01T12:00:00.000Z',
    );
    assert.equal(dueSlot('0 12 * * *', 'UTC', at('2025-01-01T12:00:00Z'), at('2025-01-01T12:30:00Z')), null);
    assert.equal(
      dueSlot('0 12 * * *', 'UTC', at('2025-01-01T11:00:00Z'), at('2025-01-01T11:59:59.999Z')),
      null,
    );
    assert.equal(dueSlot('0 12 * * *', 'UTC', at('2025-01-01T12:00:00Z'), at('2025-01-01T11:00:00Z')), null);
  });

  void it('finds the slot in local time (07:00 Berlin is 06:00Z in winter)', () => {
    const slot = dueSlot(
      '0 7 * * *',
      'Europe/Berlin',
      at('2025-01-05T00:00:00Z'),
      at('2025-01-06T09:00:00Z'),
    );
    assert.equal(iso(slot), '2025-01-06T06:00:00.000Z');
  });
});

void describe('validateSchedule', () => {
  const now = { now: at('2025-01-01T00:00:00Z') };
  function failsAt(cron: string, tz: string): string {
    try {
      validateSchedule(cron, tz, now);
    } catch (error) {
      assert.ok(error instanceof RuleValidationError);
      return error.path;
    }
    assert.fail(`${cron} was accepted`);
  }

  void it('accepts schedules at most once a minute, 5 or 6 fields', () => {
    validateSchedule('* * * * *', 'UTC', now);
    validateSchedule('0 */5 * * * *', 'America/New_York', now);
    validateSchedule('0 6 * * MON-FRI', 'Europe/Berlin', now);
  });

  void it('rejects schedules firing more often than the minimum interval', () => {
    assert.equal(failsAt('*/30 * * * * *', 'UTC'), 'trigger_settings.cron');
    assert.equal(failsAt('0,30 * * * * *', 'UTC'), 'trigger_settings.cron');
    assert.equal(failsAt('58,59 0 0 1 1 *', 'UTC'), 'trigger_settings.cron'); // twice in one minute a year
    assert.equal(
      failsAt(`${Array.from({ length: 60 }, (_, s) => s).join(',')} 30 12 * * *`, 'UTC'),
      'trigger_settings.cron',
    );
    assert.throws(
      () => validateSchedule('*/2 * * * *', 'UTC', { ...now, minIntervalMs: 5 * 60_000 }),
      /minimum interval/,
    );
  });

  void it('rejects bad patterns, patterns that never fire and unknown zones', () => {
    assert.equal(failsAt('0 * * *', 'UTC'), 'trigger_settings.cron');
    assert.equal(failsAt('61 * * * *', 'UTC'), 'trigger_settings.cron');
    assert.equal(failsAt('0 0 30 2 *', 'UTC'), 'trigger_settings.cron');
    assert.equal(failsAt('0 7 * * *', 'Europe/Atlantis'), 'trigger_settings.timezone');
  });
});
