// The input a fuzzing thread is running, in memory its supervisor reads: when the thread hangs or dies of
// memory, the supervisor still knows which input did it.

const HEADER_BYTES = 16;

/** A view of one SharedArrayBuffer: start time of the running execution, its index, and its bytes. */
export class SharedInput {
  private readonly times: Float64Array;
  private readonly counts: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.times = new Float64Array(buffer, 0, 1);
    this.counts = new Int32Array(buffer, 8, 2);
    this.bytes = new Uint8Array(buffer, HEADER_BYTES);
  }

  /** Memory for inputs of up to `maxLength` bytes. */
  static allocate(maxLength: number): SharedInput {
    return new SharedInput(new SharedArrayBuffer(HEADER_BYTES + maxLength));
  }

  /** Marks `input` (the `index`-th execution) as running now. */
  begin(index: number, input: Uint8Array): void {
    const length = Math.min(input.length, this.bytes.length);
    this.bytes.set(input.subarray(0, length));
    this.counts[0] = length;
    this.counts[1] = index;
    this.times[0] = Date.now();
  }

  /** Marks the running execution finished. */
  end(): void {
    this.times[0] = 0;
  }

  /** Milliseconds the current execution has been running, or 0 when none runs. */
  runningFor(now = Date.now()): number {
    const started = this.times[0]!;
    return started === 0 ? 0 : now - started;
  }

  /** Index of the last execution begun. */
  get index(): number {
    return this.counts[1]!;
  }

  /** A copy of the last input begun. */
  current(): Uint8Array {
    return this.bytes.slice(0, this.counts[0]);
  }
}
