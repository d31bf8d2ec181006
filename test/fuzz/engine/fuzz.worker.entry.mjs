// Entry of a fuzzing thread: a worker thread does not inherit tsx, so it registers it before loading the body.
import { register } from 'tsx/esm/api';

register();
await import('./fuzz.worker.ts');
