// Entry of the analysis pool's threads when the server runs from its TypeScript sources: a worker thread
// inherits neither `--import tsx` nor tsx's in-process register(), so it registers tsx itself (resolved from
// here, so the working directory does not matter) before it loads the worker body.
import { register } from 'tsx/esm/api';

register();
const body = import('./analysis.worker.ts');
// a failed load is reported by the first task, not as an unhandled rejection; the thread takes tasks only
// once the body has run its start-up (its lowered priority, its memory limit)
await body.catch(() => undefined);

/** Runs one task in the worker body (see analysis.worker.ts). */
export default async function runTask(task) {
  return (await body).default(task);
}
