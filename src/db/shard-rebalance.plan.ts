import { BUCKET_COUNT } from './shard-router.ts';

/** One proposed bucket move. */
export interface BucketMove {
  bucket: number;
  from: number;
  to: number;
  /** Bytes of the bucket's tenants (0: an empty bucket, moved by updating the directory only). */
  bytes: number;
}

/** What the planner sees: the shards, where each bucket lives, and the bytes measured. */
export interface RebalanceInput {
  shards: number[];
  /** Bucket → shard, for all BUCKET_COUNT buckets. */
  bucketShard: ReadonlyMap<number, number>;
  /** Bytes per bucket, of tenants that follow their bucket (no placement override); absent = empty. */
  bucketBytes: ReadonlyMap<number, number>;
  /** Bytes per shard of tenants pinned there by an override (they do not move with a bucket). */
  pinnedBytes: ReadonlyMap<number, number>;
}

/**
 * Proposes bucket moves that even out bytes per shard: repeatedly the heaviest shard gives the lightest its
 * largest bucket that still narrows the gap (a bucket of b bytes narrows a gap g when b < g), until none does.
 * Then empty buckets are spread so each shard owns about the same number of buckets, so new tenants land
 * evenly (a freshly added shard owns none).
 */
export function planRebalance(input: RebalanceInput): BucketMove[] {
  const { shards } = input;
  if (shards.length < 2) return [];
  const location = new Map(input.bucketShard);
  const load = new Map(shards.map((id) => [id, input.pinnedBytes.get(id) ?? 0]));
  for (const [bucket, bytes] of input.bucketBytes) {
    const shard = location.get(bucket)!;
    load.set(shard, (load.get(shard) ?? 0) + bytes);
  }
  const moves: BucketMove[] = [];
  for (;;) {
    const ordered = [...load.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const [heavy, heavyBytes] = ordered[0]!;
    const [light, lightBytes] = ordered[ordered.length - 1]!;
    const gap = heavyBytes - lightBytes;
    let best: [number, number] | undefined;
    for (const [bucket, bytes] of input.bucketBytes) {
      if (location.get(bucket) !== heavy || bytes <= 0 || bytes >= gap) continue;
      if (!best || bytes > best[1]) best = [bucket, bytes];
    }
    if (!best) break;
    const [bucket, bytes] = best;
    moves.push({ bucket, from: heavy, to: light, bytes });
    location.set(bucket, light);
    load.set(heavy, heavyBytes - bytes);
    load.set(light, lightBytes + bytes);
  }
  return [...moves, ...spreadEmptyBuckets(shards, location, input.bucketBytes)];
}

/** Moves empty buckets from shards over their share (BUCKET_COUNT / shards) to those under it. */
function spreadEmptyBuckets(
  shards: number[],
  location: Map<number, number>,
  bucketBytes: ReadonlyMap<number, number>,
): BucketMove[] {
  const owned = new Map(shards.map((id) => [id, [] as number[]]));
  for (const [bucket, shard] of location) owned.get(shard)?.push(bucket);
  const share = Math.floor(BUCKET_COUNT / shards.length);
  const spare: Array<[bucket: number, from: number]> = [];
  for (const [shard, buckets] of owned) {
    const empty = buckets.filter((bucket) => (bucketBytes.get(bucket) ?? 0) === 0).sort((a, b) => b - a);
    const over = buckets.length - share - (shard === shards[0] ? BUCKET_COUNT % shards.length : 0);
    for (const bucket of empty.slice(0, Math.max(0, over))) spare.push([bucket, shard]);
  }
  const moves: BucketMove[] = [];
  for (const shard of shards) {
    for (let missing = share - owned.get(shard)!.length; missing > 0 && spare.length > 0; missing--) {
      const [bucket, from] = spare.pop()!;
      moves.push({ bucket, from, to: shard, bytes: 0 });
    }
  }
  return moves;
}
