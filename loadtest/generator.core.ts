// One generator: a pool, a recorder and the open or users loop, with periodic progress snapshots.
import { encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { LatencyRecorder, type RecorderSnapshot } from './latency.recorder.ts';
import { runOpen, type GeneratorHealth } from './open.generator.ts';
import { createPool, RequestRunner } from './request.runner.ts';
import { runUsers } from './users.generator.ts';
import { requestPicker, type WorkloadSpec } from './workload.catalog.ts';

/** Everything a generator thread needs; plain data so it can travel as workerData. */
export type GeneratorPlan = {
  baseUrl: string;
  connections: number;
  workload: WorkloadSpec;
  /** Epoch ms when sending starts; also the origin of the per-second timeline. */
  startAt: number;
  durationMs: number;
  drainMs: number;
} & (
  | { mode: 'open'; rate: number; maxInFlight: number }
  | { mode: 'users'; users: number; spawnRate: number; thinkMinMs: number; thinkMaxMs: number }
);

/** Cumulative counters a generator reports about once a second. */
export interface GeneratorProgress {
  completed: number;
  failures: number;
  inFlight: number;
  /** Encoded aggregate histogram (µs) of everything completed so far. */
  overall: string;
}

/** What a generator hands back at the end. */
export interface GeneratorResult {
  snapshot: RecorderSnapshot;
  health: GeneratorHealth;
  /** Uploads answered 200: file id and the answer's time (epoch ms). */
  uploads: Array<[fileId: string, acceptedAt: number]>;
}

/** Runs one generator to completion, calling `onProgress` every `progressMs`. */
export async function runGenerator(
  plan: GeneratorPlan,
  onProgress?: (p: GeneratorProgress) => void,
  progressMs = 1000,
): Promise<GeneratorResult> {
  const recorder = new LatencyRecorder(plan.startAt);
  const runner = new RequestRunner(createPool(plan.baseUrl, plan.connections), recorder);
  const report = (): void =>
    onProgress?.({
      completed: recorder.completed,
      failures: recorder.failures,
      inFlight: runner.inFlight,
      overall: encodeIntoCompressedBase64(recorder.overall),
    });
  const timer = onProgress ? setInterval(report, progressMs) : undefined;
  try {
    let health: GeneratorHealth;
    if (plan.mode === 'open') {
      const pick = requestPicker(plan.workload);
      await runner.openConnections(Array.from({ length: plan.connections }, pick), plan.startAt);
      health = await runOpen(runner, pick, { ...plan });
    } else {
      health = await runUsers(runner, apiWorkload(plan.workload), { ...plan });
    }
    return { snapshot: recorder.snapshot(), health, uploads: runner.acceptedUploads };
  } finally {
    clearInterval(timer);
    report();
  }
}

function apiWorkload(workload: WorkloadSpec): Extract<WorkloadSpec, { kind: 'api' }> {
  if (workload.kind !== 'api') throw new Error('users mode needs the API workload');
  return workload;
}
