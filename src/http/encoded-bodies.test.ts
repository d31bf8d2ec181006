import assert from 'node:assert/strict';
import { it } from 'node:test';
import { EncodedBodies } from './encoded-bodies.ts';

void it('encodes a body once per ETag and keeps within its byte budget, oldest out first', () => {
  const bodies = new EncodedBodies(1600);
  const first = bodies.bytesOf('"a"', 'x'.repeat(100));
  assert.equal(first.toString(), 'x'.repeat(100));
  assert.equal(bodies.bytesOf('"a"', 'ignored: same etag, same body'), first);
  for (const tag of [
    '"b"',
    '"c"',
    '"d"',
    '"e"',
    '"f"',
    '"g"',
    '"h"',
    '"i"',
    '"j"',
    '"k"',
    '"l"',
    '"m"',
    '"n"',
    '"o"',
    '"p"',
    '"q"',
  ])
    bodies.bytesOf(tag, 'y'.repeat(100));
  assert.notEqual(bodies.bytesOf('"a"', 'x'.repeat(100)), first); // evicted, encoded again
  assert.equal(bodies.bytesOf('"é"', 'é').length, 2); // UTF-8 bytes, not characters
});

void it('does not keep a body larger than a sixteenth of the budget', () => {
  const bodies = new EncodedBodies(1600);
  const big = bodies.bytesOf('"big"', 'z'.repeat(101));
  assert.notEqual(bodies.bytesOf('"big"', 'z'.repeat(101)), big);
});

void it('makes a body once per ETag when it is made asynchronously (a decompressed preview)', async () => {
  const bodies = new EncodedBodies(1600);
  let made = 0;
  const make = async () => {
    made++;
    return Buffer.from('svg'.repeat(10));
  };
  const first = await bodies.remembered('"p"', make);
  assert.equal(await bodies.remembered('"p"', make), first);
  assert.equal(made, 1);
  await bodies.remembered('"p-gzip"', make); // another representation, another entry
  assert.equal(made, 2);
});
