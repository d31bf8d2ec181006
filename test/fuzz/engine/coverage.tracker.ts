// Block coverage of the code under test, from V8's precise coverage (node:inspector, in the running thread).
// V8 drops a nested range whose count equals its parent's, so a block seen once with count 0 and later not
// reported at all is covered when the innermost reported range around it ran: such blocks are checked too.
import { Session } from 'node:inspector';

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  url: string;
  functions: Array<{ ranges: Range[] }>;
}

/** Tracks which blocks of the scripts `include` accepts have ever run. */
export class CoverageTracker {
  private readonly session = new Session();
  private readonly covered = new Set<string>();
  /** Per function: the blocks once reported with count 0, as `start-end`. */
  private readonly zeroBlocks = new Map<string, Set<string>>();

  constructor(private readonly include: (url: string) => boolean) {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  /** Number of blocks covered so far. */
  get size(): number {
    return this.covered.size;
  }

  /** Blocks run since the last call that never ran before (not yet added to the covered set). */
  takeNew(): Set<string> {
    const { result } = this.post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
    const fresh = new Set<string>();
    for (const script of result) {
      if (!this.include(script.url)) continue;
      for (const { ranges } of script.functions) {
        if (ranges[0]!.count === 0) continue;
        for (const block of this.blocksRun(`${script.url}@${ranges[0]!.startOffset}`, ranges))
          if (!this.covered.has(block)) fresh.add(block);
      }
    }
    return fresh;
  }

  /** Adds `blocks` to the covered set. */
  commit(blocks: Iterable<string>): void {
    for (const block of blocks) this.covered.add(block);
  }

  /** Discards the counts gathered so far (before a run whose coverage is measured alone). */
  reset(): void {
    this.post('Profiler.takePreciseCoverage');
  }

  private *blocksRun(fn: string, ranges: Range[]): Generator<string> {
    const reported = new Set<string>();
    let zeroes = this.zeroBlocks.get(fn);
    for (const range of ranges) {
      const block = `${range.startOffset}-${range.endOffset}`;
      reported.add(block);
      if (range.count > 0) yield `${fn}:${block}`;
      else {
        if (!zeroes) this.zeroBlocks.set(fn, (zeroes = new Set()));
        zeroes.add(block);
      }
    }
    for (const block of zeroes ?? []) {
      if (reported.has(block)) continue;
      const [start, end] = block.split('-').map(Number) as [number, number];
      if (innermostCount(ranges, start, end) > 0) yield `${fn}:${block}`;
    }
  }

  private post(method: string, params?: object): unknown {
    let answer: { error: Error | null; value: unknown } | undefined;
    // a session on its own thread answers synchronously
    this.session.post(method, params, (error, value) => (answer = { error, value }));
    if (!answer) throw new Error(`${method}: the inspector did not answer synchronously`);
    if (answer.error) throw answer.error;
    return answer.value;
  }
}

/** The count of the smallest reported range containing [start, end). */
function innermostCount(ranges: Range[], start: number, end: number): number {
  let best: Range | undefined;
  for (const r of ranges) {
    if (r.startOffset <= start && r.endOffset >= end) {
      if (!best || r.endOffset - r.startOffset <= best.endOffset - best.startOffset) best = r;
    }
  }
  return best?.count ?? 0;
}
