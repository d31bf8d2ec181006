// Worker-thread entry: runs one generator from workerData and posts progress and the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { runGenerator, type GeneratorPlan } from './generator.core.ts';

const port = parentPort;
if (!port) throw new Error('generator.worker.ts must run in a worker thread');
const result = await runGenerator(workerData as GeneratorPlan, (progress) =>
  port.postMessage({ type: 'progress', progress }),
);
port.postMessage({ type: 'done', result });
