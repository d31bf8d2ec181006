import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RuleValidationError } from './automation.errors.ts';
import { CONDITION_LIMITS } from './condition.types.ts';
import { validateConditions } from './condition.validator.ts';

function rejects(
  raw: unknown,
  trigger: Parameters<typeof validateConditions>[1],
  path: string,
  message?: RegExp,
): void {
  assert.throws(
    () => validateConditions(raw, trigger),
    (error: unknown) => {
      assert.ok(error instanceof RuleValidationError);
      assert.equal(error.statusCode, 422);
      assert.equal(error.code, 'INVALID_RULE');
      assert.equal(error.details?.path, path);
      if (message) assert.match(error.message, message);
      return true;
    },
  );
}

void describe('validateConditions', () => {
  void it('accepts the seed shape and nested groups, returning them typed', () => {
    const raw = {
      all: [
        { field: 'file.format', operator: 'equals', value: 'dwg' },
        {
          any: [
            { field: 'file.size_bytes', operator: 'greater_than', value: 1000 },
            { not: { field: 'file.tags', operator: 'contains', value: 'draft' } },
          ],
        },
      ],
    };
    assert.deepEqual(validateConditions(raw, 'file_uploaded'), raw);
  });

  void it('treats absent conditions as match-all', () => {
    assert.deepEqual(validateConditions(undefined, 'file_uploaded'), { all: [] });
    assert.deepEqual(validateConditions(null, 'scheduled'), { all: [] });
  });

  void it('does not coerce: a numeric field compared with "2000" is refused at the value', () => {
    rejects(
      {
        all: [
          { field: 'file.format', operator: 'equals', value: 'dxf' },
          { field: 'file.size_bytes', operator: 'greater_than', value: '2000' },
        ],
      },
      'file_uploaded',
      'trigger_conditions.all[1].value',
      /must be a number/,
    );
    rejects(
      { field: 'file.size_bytes', operator: 'equals', value: '5' },
      'file_uploaded',
      'trigger_conditions.value',
    );
    rejects(
      { field: 'file.filename', operator: 'equals', value: 5 },
      'file_uploaded',
      'trigger_conditions.value',
    );
  });

  void it('names unknown fields, fields of another trigger and unknown operators', () => {
    rejects(
      { all: [{ field: 'file.owner', operator: 'equals', value: 'x' }] },
      'file_uploaded',
      'trigger_conditions.all[0].field',
    );
    rejects(
      { all: [{ field: 'estimate.total', operator: 'greater_than', value: 1 }] },
      'file_uploaded',
      'trigger_conditions.all[0].field',
    );
    rejects(
      { all: [{ field: 'file.id', operator: 'matches', value: '.*' }] },
      'file_uploaded',
      'trigger_conditions.all[0].operator',
    );
    rejects(
      { all: [{ field: 'file.size_bytes', operator: 'starts_with', value: '1' }] },
      'file_uploaded',
      'trigger_conditions.all[0].operator',
    );
  });

  void it('rejects prototype-reaching segments anywhere in a path, also for custom data', () => {
    for (const field of [
      '__proto__.x',
      'file.constructor',
      'materials.prototype.quantity',
      'data.__proto__',
      'data.a.constructor',
    ]) {
      const trigger = field.startsWith('data') ? 'custom:x' : 'analysis_completed';
      rejects(
        { all: [{ field, operator: 'exists', value: true }] },
        trigger,
        'trigger_conditions.all[0].field',
        /not allowed/,
      );
    }
  });

  void it('allows a dynamic material name under materials but nowhere else', () => {
    const leaf = { field: 'materials.concrete.quantity', operator: 'greater_than', value: 10 };
    assert.deepEqual(validateConditions({ all: [leaf] }, 'analysis_completed'), { all: [leaf] });
    rejects(
      { all: [{ ...leaf, field: 'materials.concrete.colour' }] },
      'analysis_completed',
      'trigger_conditions.all[0].field',
    );
    rejects(
      { all: [{ ...leaf, field: 'elements.doors' }] },
      'analysis_completed',
      'trigger_conditions.all[0].field',
    );
    rejects({ all: [leaf] }, 'file_uploaded', 'trigger_conditions.all[0].field');
  });

  void it('accepts data.* of any depth up to the limit for custom events with operator-typed values', () => {
    assert.ok(
      validateConditions(
        { field: 'data.invoice.amount', operator: 'between', value: [1, 5] },
        'custom:invoice_paid',
      ),
    );
    rejects(
      { field: 'amount', operator: 'exists', value: true },
      'custom:invoice_paid',
      'trigger_conditions.field',
    );
    rejects(
      { field: 'data.amount', operator: 'greater_than', value: '5' },
      'custom:invoice_paid',
      'trigger_conditions.value',
    );
    rejects(
      { field: 'data.amount', operator: 'in', value: [1, {}] },
      'custom:invoice_paid',
      'trigger_conditions.value[1]',
    );
  });

  void it('checks operator-specific value shapes', () => {
    rejects(
      { field: 'file.size_bytes', operator: 'between', value: [5, 1] },
      'file_uploaded',
      'trigger_conditions.value',
      /min/,
    );
    rejects(
      { field: 'file.size_bytes', operator: 'between', value: [1] },
      'file_uploaded',
      'trigger_conditions.value',
    );
    rejects({ field: 'file.format', operator: 'in', value: [] }, 'file_uploaded', 'trigger_conditions.value');
    rejects(
      { field: 'file.format', operator: 'in', value: ['dwg', 3] },
      'file_uploaded',
      'trigger_conditions.value[1]',
    );
    rejects(
      { field: 'file.format', operator: 'exists', value: 'yes' },
      'file_uploaded',
      'trigger_conditions.value',
    );
    assert.deepEqual(validateConditions({ field: 'file.format', operator: 'exists' }, 'file_uploaded'), {
      field: 'file.format',
      operator: 'exists',
      value: true,
    });
  });

  void it('rejects malformed nodes where they are', () => {
    rejects({ all: {} }, 'file_uploaded', 'trigger_conditions.all', /array/);
    rejects({ any: [] }, 'file_uploaded', 'trigger_conditions.any');
    rejects({ all: [], any: [] }, 'file_uploaded', 'trigger_conditions');
    rejects(
      { all: [{ field: 'file.id', operator: 'exists', value: true, extra: 1 }] },
      'file_uploaded',
      'trigger_conditions.all[0].extra',
    );
    rejects({ all: ['file.id'] }, 'file_uploaded', 'trigger_conditions.all[0]');
    rejects({ not: [] }, 'file_uploaded', 'trigger_conditions.not');
  });

  void it('enforces depth and size limits', () => {
    let deep: unknown = { field: 'file.id', operator: 'exists', value: true };
    for (let i = 0; i < CONDITION_LIMITS.maxDepth; i++) deep = { not: deep };
    assert.ok(validateConditions(deep, 'file_uploaded'));
    rejects(
      { not: deep },
      'file_uploaded',
      `trigger_conditions${'.not'.repeat(CONDITION_LIMITS.maxDepth)}`,
      /deeper/,
    );

    const leaf = { field: 'file.size_bytes', operator: 'greater_than', value: 1 };
    const many = Array.from({ length: CONDITION_LIMITS.maxLeaves / 2 }, () => leaf);
    assert.ok(validateConditions({ all: [{ all: many }, { all: many }] }, 'file_uploaded'));
    rejects(
      { all: [{ all: many }, { all: many }, leaf] },
      'file_uploaded',
      'trigger_conditions.all[2]',
      /at most/,
    );
    rejects(
      { field: 'file.filename', operator: 'equals', value: 'x'.repeat(1001) },
      'file_uploaded',
      'trigger_conditions.value',
    );
  });
});
