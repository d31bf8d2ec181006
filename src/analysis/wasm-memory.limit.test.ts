import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitWasmMemoryGrowth } from './wasm-memory.limit.ts';

const PAGE = 65_536;

// node:test runs each file in its own process, so the patched prototype stays in this one.
test('WebAssembly memory grows up to the limit and no further; the refusal is reported until reset', () => {
  const limit = limitWasmMemoryGrowth(4 * PAGE);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 100 });
  assert.equal(memory.grow(3), 1);
  assert.equal(limit.refused(), false);
  assert.throws(() => memory.grow(1), RangeError);
  assert.equal(memory.buffer.byteLength, 4 * PAGE);
  assert.equal(limit.refused(), true);

  // the next drawing in a warm worker starts with a clean report, under the same limit
  limit.reset();
  assert.equal(limit.refused(), false);
  const next = new WebAssembly.Memory({ initial: 2, maximum: 100 });
  assert.throws(() => next.grow(3), RangeError);
  assert.equal(next.buffer.byteLength, 2 * PAGE);
  assert.equal(limit.refused(), true);
});
