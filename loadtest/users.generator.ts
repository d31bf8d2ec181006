// Closed model, the seed's Locust profile: users spawn at a fixed rate, each loops task → think 1–3 s.
import { performance } from 'node:perf_hooks';
import { encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { latencyHistogram } from './latency.recorder.ts';
import type { GeneratorHealth } from './open.generator.ts';
import { fileIdOf, nowMs, sleep, type RequestRunner } from './request.runner.ts';
import { apiRequest, mixWeights, weightedPicker, type WorkloadSpec } from './workload.catalog.ts';

/** One users-mode run; think time is uniform in [thinkMinMs, thinkMaxMs]. */
export interface UsersPlan {
  users: number;
  spawnRate: number;
  startAt: number;
  durationMs: number;
  drainMs: number;
  thinkMinMs: number;
  thinkMaxMs: number;
}

/** Runs `plan.users` simulated users against the API workload until the duration ends. */
export async function runUsers(
  runner: RequestRunner,
  workload: Extract<WorkloadSpec, { kind: 'api' }>,
  plan: UsersPlan,
): Promise<GeneratorHealth> {
  const endAt = plan.startAt + plan.durationMs;
  const pickTask = weightedPicker(mixWeights(workload.mix));
  const spawnLag = latencyHistogram(2);
  let attempts = 0;
  await sleep(plan.startAt - nowMs());
  const elu = performance.eventLoopUtilization();

  const user = async (n: number): Promise<void> => {
    const spawnAt = plan.startAt + (n * 1000) / plan.spawnRate;
    await sleep(spawnAt - nowMs());
    if (nowMs() >= endAt) return;
    spawnLag.recordValue(Math.max(1, Math.round((nowMs() - spawnAt) * 1000)));
    const tenant = n % workload.apiKeys.length;
    const apiKey = workload.apiKeys[tenant]!;
    const seedFiles = workload.fileIds[tenant] ?? [];
    let ownFile: string | undefined;
    while (nowMs() < endAt) {
      const task = pickTask();
      const fileId = ownFile ?? seedFiles[Math.floor(Math.random() * seedFiles.length)] ?? 'missing';
      attempts++;
      const body = await runner.run(apiRequest(task, apiKey, fileId), nowMs(), task === 'upload');
      if (body !== undefined) ownFile = fileIdOf(body) ?? ownFile;
      const think = plan.thinkMinMs + Math.random() * (plan.thinkMaxMs - plan.thinkMinMs);
      await sleep(Math.min(think, endAt - nowMs()));
    }
  };

  // Users run until the end time, but a hung request must not hold the run: race against the hard stop.
  const all = Promise.all(Array.from({ length: plan.users }, (_, n) => user(n)));
  await Promise.race([all, sleep(endAt + plan.drainMs - nowMs())]);
  await runner.drain(endAt + plan.drainMs);
  const aborted = await runner.abortRemaining();
  return {
    intended: attempts,
    missedSlots: 0,
    scheduleLag: encodeIntoCompressedBase64(spawnLag),
    aborted,
    eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
  };
}
