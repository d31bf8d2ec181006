// Entry of the analysis pool's threads when the server runs from its TypeScript sources: a worker thread
// inherits neither `--import tsx` nor tsx's in-process register(), so it registers tsx itself (resolved from
// here, so the working directory does not matter) before it loads the worker body.
import { register } from 'tsx/esm/api';

register();
const body = import('./analysis.worker.ts');
body.catch(() => undefined); // a failed load is reported by the first task, not as an unhandled rejection

/** Runs one task in the worker body (see analysis.worker.ts). */
export default async function runTask(task) {
  return (await body).default(task);
}
