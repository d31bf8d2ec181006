import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeConditions } from '../../web/src/pages/rule-conditions.ts';

void test("the rules table's condition words: groups, nesting, negation, matching everything, other shapes", () => {
  assert.equal(describeConditions({ all: [] }), 'always');
  assert.equal(
    describeConditions({ all: [{ field: 'file.size_bytes', operator: 'greater_than', value: 1000 }] }),
    'file.size_bytes greater than 1000',
  );
  assert.equal(
    describeConditions({
      all: [
        { field: 'file.filename', operator: 'contains', value: 'plan' },
        {
          any: [
            { field: 'file.format', operator: 'equals', value: 'dxf' },
            { not: { field: 'file.tags', operator: 'contains', value: 'draft' } },
          ],
        },
      ],
    }),
    'file.filename contains "plan" and (file.format equals "dxf" or not (file.tags contains "draft"))',
  );
  assert.equal(describeConditions({ file_size: { gt: 5 } }), '{"file_size":{"gt":5}}');
});
