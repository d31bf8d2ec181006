import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RuleValidationError } from './automation.errors.ts';
import { OPERATORS } from './condition.types.ts';
import { validateConditions, type ValueKind } from './condition.validator.ts';
import { BUILTIN_TRIGGER_TYPES, type FieldType, type TriggerType } from './trigger.catalog.ts';
import { triggerCatalog } from './trigger.views.ts';

/** A value of the kind an operator needs, for a field of `type`. */
function sample(kind: ValueKind, type: FieldType): unknown {
  switch (kind) {
    case 'string':
      return 'a';
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'scalar':
      return 1;
    case 'scalar_list':
      return type === 'string' ? ['a', 'b'] : [1, 2];
    case 'number_pair':
      return [1, 2];
  }
}

/** A value no operator of that kind accepts. */
function wrong(kind: ValueKind): unknown {
  return kind === 'string' || kind === 'scalar' ? { no: 'object' } : 'text';
}

/** The catalog's `custom:<name>` and `*` placeholders made concrete. */
const concreteTrigger = (type: string): TriggerType =>
  (type === 'custom:<name>' ? 'custom:invoice_paid' : type) as TriggerType;
const concreteField = (field: string) => field.replaceAll('*', 'concrete');

function validationPath(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof RuleValidationError, String(error));
    return String(error.details?.path);
  }
}

void describe('trigger catalog', () => {
  const catalog = triggerCatalog();

  void it('lists every built-in trigger and custom events', () => {
    assert.deepEqual(
      catalog.map((t) => t.type),
      [...BUILTIN_TRIGGER_TYPES, 'custom:<name>'],
    );
  });

  void it('every listed field and operator is accepted by the validator with the listed value', () => {
    let leaves = 0;
    for (const trigger of catalog) {
      for (const field of trigger.fields) {
        for (const { operator, value } of field.operators) {
          const leaf = { field: concreteField(field.field), operator, value: sample(value, field.type) };
          assert.deepEqual(
            validateConditions({ all: [leaf] }, concreteTrigger(trigger.type)),
            { all: [leaf] },
            `${trigger.type} ${field.field} ${operator}`,
          );
          const bad = { ...leaf, value: wrong(value) };
          assert.equal(
            validationPath(() => validateConditions(bad, concreteTrigger(trigger.type))),
            'trigger_conditions.value',
            `${trigger.type} ${field.field} ${operator} refuses ${JSON.stringify(bad.value)}`,
          );
          leaves += 1;
        }
      }
    }
    assert.ok(leaves > 300, `${leaves} combinations checked`);
  });

  void it('every operator a field does not list is refused for it', () => {
    for (const trigger of catalog) {
      for (const field of trigger.fields) {
        const listed = new Set(field.operators.map((o) => o.operator));
        for (const operator of OPERATORS.filter((o) => !listed.has(o))) {
          const leaf = { field: concreteField(field.field), operator, value: 1 };
          assert.equal(
            validationPath(() => validateConditions(leaf, concreteTrigger(trigger.type))),
            'trigger_conditions.operator',
            `${trigger.type} ${field.field} refuses ${operator}`,
          );
        }
      }
    }
  });

  void it('aliases are accepted and saved as the documented field; other names are refused', () => {
    const fileUploaded = catalog.find((t) => t.type === 'file_uploaded')!;
    const aliases = Object.fromEntries(
      fileUploaded.fields.flatMap((f) => f.aliases.map((a) => [a, f.field])),
    );
    assert.deepEqual(aliases, {
      file_id: 'file.id',
      filename: 'file.filename',
      file_size: 'file.size_bytes',
      status: 'file.status',
      created_at: 'file.uploaded_at',
    });
    for (const [alias, field] of Object.entries(aliases)) {
      assert.deepEqual(validateConditions({ field: alias, operator: 'exists' }, 'file_uploaded'), {
        field,
        operator: 'exists',
        value: true,
      });
    }
    for (const unknown of ['file_name', 'size', 'toString', 'file.toString']) {
      assert.equal(
        validationPath(() => validateConditions({ field: unknown, operator: 'exists' }, 'file_uploaded')),
        'trigger_conditions.field',
        unknown,
      );
    }
    assert.equal(
      validationPath(() => validateConditions({ field: 'file_size', operator: 'exists' }, 'scheduled')),
      'trigger_conditions.field',
    );
  });
});
