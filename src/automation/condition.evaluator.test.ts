import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { evaluateConditions, readField } from './condition.evaluator.ts';
import type { ConditionNode } from './condition.types.ts';
import { validateConditions } from './condition.validator.ts';

const event = {
  file: {
    id: 'f1',
    filename: 'Tower-B.dwg',
    size_bytes: 2048,
    format: 'dwg',
    status: 'analyzed',
    tags: ['tower', 'phase-2'],
  },
  materials: { concrete: { quantity: 12.5, unit: 'm3' }, rebar: { quantity: 3, unit: 't' } },
  elements: { walls: 40 },
};

function check(
  raw: unknown,
  data: unknown = event,
  trigger: Parameters<typeof validateConditions>[1] = 'analysis_completed',
): boolean {
  return evaluateConditions(validateConditions(raw, trigger), data).matched;
}

void describe('evaluateConditions', () => {
  void it('implements every operator on the types it accepts', () => {
    const cases: [unknown, boolean][] = [
      [{ field: 'file.format', operator: 'equals', value: 'dwg' }, true],
      [{ field: 'file.format', operator: 'not_equals', value: 'dwg' }, false],
      [{ field: 'file.format', operator: 'in', value: ['dxf', 'dwg'] }, true],
      [{ field: 'file.size_bytes', operator: 'in', value: [1, 2] }, false],
      [{ field: 'file.filename', operator: 'contains', value: 'wer-B' }, true],
      [{ field: 'file.tags', operator: 'contains', value: 'tower' }, true],
      [{ field: 'file.tags', operator: 'contains', value: 'towe' }, false],
      [{ field: 'file.filename', operator: 'starts_with', value: 'Tower' }, true],
      [{ field: 'file.filename', operator: 'starts_with', value: 'tower' }, false],
      [{ field: 'materials.concrete.quantity', operator: 'greater_than', value: 10 }, true],
      [{ field: 'materials.concrete.quantity', operator: 'greater_than', value: 12.5 }, false],
      [{ field: 'materials.concrete.quantity', operator: 'greater_than_or_equal', value: 12.5 }, true],
      [{ field: 'materials.rebar.quantity', operator: 'less_than', value: 3 }, false],
      [{ field: 'materials.rebar.quantity', operator: 'less_than_or_equal', value: 3 }, true],
      [{ field: 'elements.walls', operator: 'between', value: [40, 50] }, true],
      [{ field: 'elements.walls', operator: 'between', value: [41, 50] }, false],
      [{ field: 'materials.steel.quantity', operator: 'exists', value: true }, false],
      [{ field: 'materials.steel.quantity', operator: 'exists', value: false }, true],
      [{ field: 'materials.rebar.unit', operator: 'exists', value: true }, true],
    ];
    for (const [raw, expected] of cases) assert.equal(check(raw), expected, JSON.stringify(raw));
  });

  void it('combines all, any and not, with {all: []} matching everything', () => {
    assert.equal(check({ all: [] }), true);
    const rule = {
      all: [
        { field: 'file.format', operator: 'equals', value: 'dwg' },
        {
          any: [
            { field: 'elements.walls', operator: 'greater_than', value: 100 },
            { not: { field: 'file.status', operator: 'equals', value: 'failed' } },
          ],
        },
      ],
    };
    assert.equal(check(rule), true);
    assert.equal(check(rule, { ...event, file: { ...event.file, status: 'failed' } }), false);
  });

  void it('never throws on missing fields: the leaf is false and the trace says why', () => {
    const conditions = validateConditions(
      { all: [{ field: 'file.filename', operator: 'contains', value: 'x' }] },
      'analysis_completed',
    );
    const missing = {
      path: 'trigger_conditions.all[0]',
      field: 'file.filename',
      operator: 'contains',
      matched: false,
      reason: 'missing',
    };
    for (const data of [{}, { file: null }, { file: 'str' }, null, 42, []]) {
      assert.deepEqual(evaluateConditions(conditions, data), { matched: false, trace: [missing] });
    }
    // A present-but-null value is reported as such, and still counts as missing.
    assert.deepEqual(evaluateConditions(conditions, { file: { filename: null } }), {
      matched: false,
      trace: [{ ...missing, actual: null }],
    });
  });

  void it('does not coerce at run time: a string "2000" is a type mismatch, not a number', () => {
    const conditions = validateConditions(
      { field: 'file.size_bytes', operator: 'greater_than', value: 1000 },
      'file_uploaded',
    );
    const result = evaluateConditions(conditions, { file: { size_bytes: '2000' } });
    assert.equal(result.matched, false);
    assert.equal(result.trace[0]?.reason, 'type_mismatch');
    assert.equal(result.trace[0]?.actual, '2000');
    const eq = validateConditions(
      { field: 'file.size_bytes', operator: 'equals', value: 2000 },
      'file_uploaded',
    );
    assert.equal(evaluateConditions(eq, { file: { size_bytes: '2000' } }).matched, false);
  });

  void it('traces evaluated leaves with their paths and short-circuits', () => {
    const conditions = validateConditions(
      {
        any: [
          { field: 'file.format', operator: 'equals', value: 'dxf' },
          { not: { field: 'elements.walls', operator: 'less_than', value: 10 } },
          { field: 'file.status', operator: 'equals', value: 'never evaluated' },
        ],
      },
      'analysis_completed',
    );
    const { matched, trace } = evaluateConditions(conditions, event);
    assert.equal(matched, true);
    assert.deepEqual(trace, [
      {
        path: 'trigger_conditions.any[0]',
        field: 'file.format',
        operator: 'equals',
        matched: false,
        actual: 'dwg',
      },
      {
        path: 'trigger_conditions.any[1].not',
        field: 'elements.walls',
        operator: 'less_than',
        matched: false,
        actual: 40,
      },
    ]);
  });

  void it('reads own properties only, never the prototype chain', () => {
    const inherited = Object.create({ filename: 'inherited.dwg' }) as object;
    assert.equal(
      check({ field: 'file.filename', operator: 'exists', value: true }, { file: inherited }),
      false,
    );
    assert.equal(readField({ a: {} }, 'a.toString'), undefined);
    assert.equal(readField({ a: {} }, 'a.constructor'), undefined);
    const parsed = JSON.parse('{"__proto__": {"polluted": 1}}') as unknown;
    assert.equal(readField(parsed, '__proto__.polluted'), undefined);
    const hand: ConditionNode = { field: '__proto__.polluted', operator: 'exists', value: true };
    assert.equal(evaluateConditions(hand, parsed).matched, false);
  });

  void it('summarises long and structured actual values in the trace', () => {
    const conditions = validateConditions({ field: 'data.x', operator: 'equals', value: 'a' }, 'custom:t');
    const long = evaluateConditions(conditions, { data: { x: 'y'.repeat(500) } }).trace[0];
    assert.equal(typeof long?.actual === 'string' && long.actual.length, 201);
    assert.equal(evaluateConditions(conditions, { data: { x: [1, 2] } }).trace[0]?.actual, '[array of 2]');
  });
});
