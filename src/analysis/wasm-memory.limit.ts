// The V8 heap limit of a worker does not cover WebAssembly memory: the DWG reader's module starts with
// 1 GB and may grow to 4 GB, so a hostile DWG could take 3 GB more than the analysis limit allows.

const PAGE_BYTES = 65_536;

/**
 * Refuses to grow any WebAssembly memory of this thread past `maxBytes` (memory it starts with is not
 * affected). Emscripten treats a refused grow as a failed allocation, so the reader fails instead of
 * growing. Returns whether a grow was refused, to report the failure as OUT_OF_MEMORY. Meant for an
 * analysis worker, which runs one drawing and exits.
 */
export function limitWasmMemoryGrowth(maxBytes: number): () => boolean {
  const { prototype } = WebAssembly.Memory;
  const grow = Object.getOwnPropertyDescriptor(prototype, 'grow')!.value as (
    this: WebAssembly.Memory,
    deltaPages: number,
  ) => number;
  let refused = false;
  prototype.grow = function (this: WebAssembly.Memory, deltaPages: number): number {
    if (this.buffer.byteLength + deltaPages * PAGE_BYTES > maxBytes) {
      refused = true;
      throw new RangeError(`WebAssembly memory may not grow past ${maxBytes} bytes`);
    }
    return grow.call(this, deltaPages);
  };
  return () => refused;
}
