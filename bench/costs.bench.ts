// Pure cost-domain throughput (no database): estimates/s, vectors/s, lookups/s, export time, and an
// in-memory brute-force similar search for scale reference. The database side (cube GiST KNN, estimate
// creation through the API) is benched separately.
//   node --import tsx bench/costs.bench.ts [--seconds 1]
import { parseArgs } from 'node:util';
import {
  buildCatalog,
  buildLocationIndex,
  CATALOG_SEED,
  estimateCost,
  findLocation,
  linesFromMaterialMap,
  LOCATION_SEED,
  rankSimilar,
  SIMILARITY_BASIS,
  toCsv,
  toVector,
  toXlsx,
  type EstimateLineInput,
  type SimilarCandidate,
} from '../src/costs/index.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '1' } } });
const seconds = Number(values.seconds);

/** Runs `op` repeatedly for about `seconds` and returns operations per second. */
async function rate(op: () => unknown): Promise<number> {
  const warmUntil = performance.now() + Math.min(300, seconds * 300);
  while (performance.now() < warmUntil) await op();
  const end = performance.now() + seconds * 1000;
  let count = 0;
  const start = performance.now();
  while (performance.now() < end) {
    await op();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}

function report(name: string, opsPerSecond: number, unit = 'ops/s'): void {
  const perOp = 1e6 / opsPerSecond;
  console.log(
    `${name.padEnd(52)} ${Math.round(opsPerSecond).toLocaleString('en-US').padStart(12)} ${unit.padEnd(10)} ${perOp.toFixed(1).padStart(10)} µs/op`,
  );
}

const catalog = buildCatalog(CATALOG_SEED);
const locations = buildLocationIndex(LOCATION_SEED);
const newYork = findLocation(locations, 'New York');
const markup = { overheadPct: 10, profitPct: 5 };
const seedPayload = { concrete: 100, steel: 50, wood: 75 };
const keys = CATALOG_SEED.map((row) => row.key);
const takeoff: EstimateLineInput[] = Array.from({ length: 200 }, (_, i) => ({
  sourceRef: `line-${i}`,
  material: keys[i % keys.length] ?? 'concrete',
  quantity: 1 + ((i * 37) % 500),
}));

console.log(`node ${process.version}, ${seconds}s per measurement`);
report(
  'estimate: seed payload (3 lines, map → lines → price)',
  await rate(() =>
    estimateCost({ catalog, location: newYork, markup, lines: linesFromMaterialMap(seedPayload) }),
  ),
  'est/s',
);
const takeoffRate = await rate(() => estimateCost({ catalog, location: newYork, markup, lines: takeoff }));
report('estimate: 200-line takeoff', takeoffRate, 'est/s');
report('  = lines priced', takeoffRate * takeoff.length, 'lines/s');

const estimate = estimateCost({ catalog, location: newYork, markup, lines: takeoff });
report(
  'toVector (estimate quantities, 20-dim basis)',
  await rate(() => toVector(estimate.quantities)),
  'vec/s',
);
report(
  'findLocation hit ("new york, ny")',
  await rate(() => findLocation(locations, 'new york, ny')),
  'look/s',
);
report(
  'findLocation miss with suggestions ("Atlantis")',
  await rate(() => {
    try {
      findLocation(locations, 'Atlantis');
    } catch {
      // expected: UnknownLocationError
    }
  }),
  'look/s',
);
// Worst request a tenant can send: the most entries a map may hold, each a distinct unknown 100-character
// name, so every one misses the index and asks for "did you mean" suggestions.
const unknownMap = Object.fromEntries(
  Array.from({ length: 500 }, (_, i) => [`${'unknown material '.repeat(6)}${i}`.slice(-100), 1]),
);
report(
  'estimate: 500 unknown 100-char names (422 + suggestions)',
  await rate(() => {
    try {
      estimateCost({ catalog, location: newYork, markup, lines: linesFromMaterialMap(unknownMap) });
    } catch {
      // expected: UnknownMaterialError
    }
  }),
  'est/s',
);
report('toCsv (200 lines)', await rate(() => toCsv(estimate)), 'files/s');
report('toXlsx (200 lines)', await rate(() => toXlsx(estimate)), 'files/s');

// Brute-force reference: what the GiST index has to beat (100,000 stored vectors, one query).
let seed = 1;
const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const stored: SimilarCandidate[] = Array.from({ length: 100_000 }, (_, i) => {
  const quantities: Record<string, number> = {};
  for (const key of SIMILARITY_BASIS) if (next() < 0.4) quantities[key] = Math.round(next() * 5000);
  quantities.concrete = 1 + Math.round(next() * 500);
  return {
    id: `e${i}`,
    locationKey: i % 3 === 0 ? 'new-york-ny' : 'chicago-il',
    quantities,
    vector: toVector(quantities) ?? [],
  };
});
const query = {
  vector: toVector(estimate.quantities) ?? [],
  quantities: estimate.quantities,
  locationKey: 'new-york-ny',
};
const started = performance.now();
const runs = 5;
for (let i = 0; i < runs; i++) rankSimilar(query, stored, 10);
console.log(
  `${'brute-force rankSimilar over 100,000 vectors, top 10'.padEnd(52)} ${((performance.now() - started) / runs).toFixed(1).padStart(12)} ms/query`,
);
