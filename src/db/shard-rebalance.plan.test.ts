import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRebalance } from './shard-rebalance.plan.ts';
import { BUCKET_COUNT } from './shard-router.ts';

const everyBucketOn = (shard: number) => new Map(Array.from({ length: BUCKET_COUNT }, (_, b) => [b, shard]));

test('rebalance plan: a new empty shard gets buckets until bytes are even, then its share of empty ones', () => {
  const bucketShard = everyBucketOn(0);
  const bucketBytes = new Map([
    [1, 400],
    [2, 300],
    [3, 200],
    [4, 100],
  ]);
  const moves = planRebalance({ shards: [0, 1], bucketShard, bucketBytes, pinnedBytes: new Map() });
  const byteMoves = moves.filter((m) => m.bytes > 0);
  const moved = byteMoves.reduce((sum, m) => sum + m.bytes, 0);
  assert.equal(moved, 500, 'each shard ends with 500 of the 1000 bytes');
  assert.ok(byteMoves.every((m) => m.from === 0 && m.to === 1));
  const emptyMoves = moves.filter((m) => m.bytes === 0);
  assert.equal(byteMoves.length + emptyMoves.length, BUCKET_COUNT / 2, 'each shard owns half the buckets');
  assert.ok(emptyMoves.every((m) => !bucketBytes.has(m.bucket)));
  assert.equal(new Set(moves.map((m) => m.bucket)).size, moves.length, 'no bucket moves twice');
});

test('rebalance plan: pinned bytes count, and a bucket bigger than the gap stays', () => {
  const bucketShard = everyBucketOn(0);
  for (let b = BUCKET_COUNT / 2; b < BUCKET_COUNT; b++) bucketShard.set(b, 1);
  const moves = planRebalance({
    shards: [0, 1],
    bucketShard,
    bucketBytes: new Map([[7, 1000]]),
    pinnedBytes: new Map([[1, 900]]),
  });
  assert.deepEqual(moves, [], 'moving the 1000-byte bucket would widen the 100-byte gap');
});

test('rebalance plan: one shard has nothing to balance with', () => {
  assert.deepEqual(
    planRebalance({
      shards: [0],
      bucketShard: everyBucketOn(0),
      bucketBytes: new Map([[1, 5]]),
      pinnedBytes: new Map(),
    }),
    [],
  );
});
