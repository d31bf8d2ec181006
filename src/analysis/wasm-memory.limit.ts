// The V8 heap limit of a worker does not cover WebAssembly memory: the DWG reader's module starts with
// 1 GB and may grow to 4 GB, so a hostile DWG could take 3 GB more than the analysis limit allows.

const PAGE_BYTES = 65_536;

/** The growth limit of a thread's WebAssembly memories, and whether it refused a grow. */
export interface WasmGrowthLimit {
  /** Whether a grow was refused since the limit was installed or last reset. */
  refused(): boolean;
  /** Forgets earlier refusals (a warm worker resets before each drawing). */
  reset(): void;
}

/**
 * Refuses to grow any WebAssembly memory of this thread past `maxBytes` (memory it starts with is not
 * affected). Emscripten treats a refused grow as a failed allocation, so the reader fails instead of
 * growing; `refused()` tells that failure apart, to report it as OUT_OF_MEMORY. Installed once per thread.
 */
export function limitWasmMemoryGrowth(maxBytes: number): WasmGrowthLimit {
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
  return {
    refused: () => refused,
    reset: () => {
      refused = false;
    },
  };
}
