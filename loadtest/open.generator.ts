// Open model (wrk2-style): requests are due on a fixed schedule and latency counts from the due time,
// so a server stall shows up in every request that should have been sent during it.
import { performance } from 'node:perf_hooks';
import { encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { latencyHistogram } from './latency.recorder.ts';
import { nowMs, sleep, type RequestRunner } from './request.runner.ts';
import type { RequestSpec } from './workload.catalog.ts';

/** How a generator kept up: slots or attempts, slots it had to skip, and its scheduling lag. */
export interface GeneratorHealth {
  intended: number;
  missedSlots: number;
  /** Encoded histogram (µs) of actual send time minus intended send time. */
  scheduleLag: string;
  aborted: number;
  eventLoopUtilization: number;
}

/** One open-model run: `rate` requests/second from `startAt` for `durationMs`, then a bounded drain. */
export interface OpenPlan {
  rate: number;
  startAt: number;
  durationMs: number;
  drainMs: number;
  /** Safety valve: beyond this many requests in flight a slot is skipped and counted as missed. */
  maxInFlight: number;
}

/** Sends at a constant arrival rate until the duration ends, drains, then cuts off stragglers. */
export async function runOpen(
  runner: RequestRunner,
  pick: () => RequestSpec,
  plan: OpenPlan,
): Promise<GeneratorHealth> {
  const lag = latencyHistogram(2);
  const interval = 1000 / plan.rate;
  const total = Math.floor((plan.rate * plan.durationMs) / 1000);
  let index = 0;
  let missed = 0;
  await sleep(plan.startAt - nowMs());
  const elu = performance.eventLoopUtilization();

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = nowMs();
      while (index < total) {
        const due = plan.startAt + index * interval;
        if (due > now) break;
        index++;
        if (runner.inFlight >= plan.maxInFlight) {
          missed++;
          continue;
        }
        lag.recordValue(Math.max(1, Math.round((now - due) * 1000)));
        void runner.run(pick(), due);
      }
      if (index >= total) return resolve();
      // Sleep at least 1 ms rather than spin: on a 2-core box shared with the server, a busy-waiting
      // generator would steal the CPU it measures. Requests due meanwhile go out in the next batch,
      // still timed from their due time; the delay shows up as schedule lag in the report.
      const wait = plan.startAt + index * interval - nowMs();
      setTimeout(tick, Math.max(1, Math.floor(wait)));
    };
    tick();
  });

  await runner.drain(plan.startAt + plan.durationMs + plan.drainMs);
  const aborted = await runner.abortRemaining();
  return {
    intended: total,
    missedSlots: missed,
    scheduleLag: encodeIntoCompressedBase64(lag),
    aborted,
    eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
  };
}
