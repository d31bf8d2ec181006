// pdf.js starts promises of its own that nobody awaits: reading the first page, its worker code prefetches every
// top-level page dictionary (`Catalog.getPageDict` caches `xref.fetchAsync(kid)` per kid) and only awaits the
// kids it visits, so a broken kid past the page asked for rejects unhandled — after our read has returned, when
// the microtask queue drains. Node's default turns that into an uncaught exception, which kills the analysis
// thread under the next drawing (another tenant's, possibly). Those promises are out of our reach, so the
// rejections are contained here: one listener per thread takes pdf.js's own exceptions and rethrows any other.

let installed = false;
let contained = 0;

/** Whether `reason` is one of pdf.js's own exceptions (its classes are made in, and its stacks point into, pdfjs-dist). */
export function isPdfJsRejection(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const stack = reason.stack ?? '';
  return /[\\/]pdfjs-dist[\\/]/.test(stack.split('\n').slice(1, 3).join('\n'));
}

/** Installs the thread's listener (once); pdf.js's stray rejections are counted, every other one thrown as before. */
export function containPdfJsRejections(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    if (isPdfJsRejection(reason)) {
      contained += 1;
      return;
    }
    throw reason; // what Node does without a listener: the rejection becomes an uncaught exception
  });
}

/** Whether this thread's listener is installed (the PDF reader installs it when it loads pdf.js). */
export function pdfJsRejectionsContained(): boolean {
  return installed;
}

/** How many stray pdf.js rejections this thread contained (tests, diagnostics). */
export function containedPdfJsRejections(): number {
  return contained;
}
